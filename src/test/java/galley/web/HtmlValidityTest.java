package galley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import galley.cli.Main;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nu.validator.validation.SimpleDocumentValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Builds the repository's sample archive (content/ and templates/) and checks every generated
 * .html file with the Nu Html Checker (the engine behind validator.w3.org/nu), used as a library.
 * Errors fail the test, each listed as {@code file:line:col: message}; warnings are only counted
 * and printed.
 *
 * <p>The schemas are bundled in the validator jar, so this runs offline. The repository root is
 * the working directory (Surefire's default is the module folder), or the system property
 * {@code galley.root} when set.
 */
class HtmlValidityTest {

    /** The same schema as {@code vnu.jar}'s default for text/html: HTML + SVG + MathML + ARIA + RDFa Lite. */
    private static final String HTML_SCHEMA = "http://s.validator.nu/html5-all.rnc";

    @Test
    void everyGeneratedPageIsValidHtml(@TempDir Path tmp) throws Exception {
        Path root = repoRoot();
        // A folder inside the temporary one: the standby tree Galley keeps beside it is then deleted with it.
        Path out = tmp.resolve("site");
        int exit = Main.run(
                "build",
                "--root",
                root.toString(),
                "--out",
                out.toString(),
                "--now",
                "2026-11-26T12:00:00Z",
                "--quiet");
        assertEquals(0, exit, "galley build of the sample archive failed");

        List<Path> pages;
        try (Stream<Path> files = Files.walk(out)) {
            pages = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".html"))
                    .sorted()
                    .toList();
        }
        assertFalse(pages.isEmpty(), "the build wrote no .html file into " + out);

        Collector collector = new Collector(out);
        // (initializeLog4j, logUrls, enableLanguageDetection): language detection only ever warns
        // and is slow, so it stays off.
        SimpleDocumentValidator validator = new SimpleDocumentValidator(true, false, false);
        validator.setUpMainSchema(HTML_SCHEMA, collector);
        validator.setUpValidatorAndParsers(collector, false, false);
        for (Path page : pages) {
            collector.current = page;
            validator.checkHtmlFile(page.toFile(), true);
        }

        String summary = pages.size() + " pages checked, " + collector.errors.size() + " errors, "
                + collector.warnings.size() + " warnings";
        System.out.println("HtmlValidityTest: " + summary);
        collector.warnings.forEach(w -> System.out.println("  warning: " + w));
        if (!collector.errors.isEmpty()) {
            fail("Nu Html Checker: " + summary + "\n" + String.join("\n", collector.errors));
        }
    }

    private static Path repoRoot() {
        String configured = System.getProperty("galley.root");
        Path root = (configured != null ? Path.of(configured) : Path.of(""))
                .toAbsolutePath()
                .normalize();
        assertTrue(
                Files.isRegularFile(root.resolve("content/site.yaml")) && Files.isDirectory(root.resolve("templates")),
                "not the repository root (no content/site.yaml and templates/): " + root);
        return root;
    }

    /** Collects every message as {@code file:line:col: message}, file relative to the output folder. */
    private static final class Collector implements ErrorHandler {
        final Path out;
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        Path current;

        Collector(Path out) {
            this.out = out;
        }

        @Override
        public void warning(SAXParseException e) {
            warnings.add(format(e));
        }

        @Override
        public void error(SAXParseException e) {
            errors.add(format(e));
        }

        @Override
        public void fatalError(SAXParseException e) {
            errors.add(format(e) + " (fatal)");
        }

        private String format(SAXParseException e) {
            return file(e) + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage();
        }

        private String file(SAXParseException e) {
            Path p = current;
            String systemId = e.getSystemId();
            if (systemId != null && systemId.startsWith("file:")) {
                try {
                    p = Path.of(URI.create(systemId));
                } catch (IllegalArgumentException ignored) {
                    // keep the file being checked
                }
            }
            if (p == null) return String.valueOf(systemId);
            return p.startsWith(out) ? "site/" + out.relativize(p).toString().replace('\\', '/') : p.toString();
        }
    }
}
