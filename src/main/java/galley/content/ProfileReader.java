package galley.content;

import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import galley.markdown.UrlSafety;
import galley.model.Author;
import galley.model.Slug;
import galley.model.Term;
import galley.model.TermPage;
import galley.yaml.YamlNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads author files and section/tag description files. Stateless and thread-safe. */
final class ProfileReader {

    private static final Set<String> AUTHOR_KEYS = Set.of("name", "role", "photo", "links");
    private static final Set<String> TERM_KEYS = Set.of("name", "summary");

    private ProfileReader() {}

    static Optional<Author> author(Path file, SourceFile source, Diagnostics diagnostics) {
        Optional<FrontMatter> parsed = FrontMatter.parse(file, source.text(), diagnostics);
        if (parsed.isEmpty()) return Optional.empty();
        FrontMatter fm = parsed.get();
        Fields f = new Fields(fm.fields(), diagnostics);
        unknownKeys(diagnostics, fm.fields(), AUTHOR_KEYS, "author");
        Optional<String> name = f.requiredText("name", "add a line such as name: Jane Doe");
        String role = f.text("role").orElse("");
        Optional<String> photo = f.text("photo").filter(p -> !p.isBlank());
        photo.filter(UrlSafety::isDangerous)
                .ifPresent(p -> f.error(f.at("photo"), "photo must not be a javascript:, vbscript: or data: URL"));
        Map<String, String> links = new LinkedHashMap<>();
        f.mapping("links")
                .ifPresent(m -> m.entries().forEach((key, value) -> {
                    if (value instanceof YamlNode.Scalar s && !s.isNull()) {
                        if (UrlSafety.isDangerous(s.value())) {
                            f.error(s.at(), "link \"" + key + "\" must not be a javascript:, vbscript: or data: URL");
                        } else {
                            links.put(key, s.value().strip());
                        }
                    } else if (!(value instanceof YamlNode.Scalar)) {
                        f.error(
                                value.at(),
                                "link \"" + key + "\" must be a text (a URL or an address), not " + value.kindName());
                    }
                }));
        String fileName = file.getFileName().toString();
        String slug = fileName.substring(0, fileName.length() - 3);
        if (!Slug.isValid(slug)) {
            f.error(
                    SourcePosition.of(file),
                    "author file name \"" + fileName + "\" is not a slug; rename it to " + Slug.of(slug) + ".md");
        } else {
            Slug.lengthProblem(
                            "author file name \"" + fileName + "\"",
                            slug,
                            "rename the file (and the articles' authors: entries)")
                    .ifPresent(problem -> f.error(SourcePosition.of(file), problem));
        }
        if (f.hasErrors() || name.isEmpty()) return Optional.empty();
        return Optional.of(new Author(
                file, slug, name.get(), role, photo, links, fm.body().strip(), fm.bodyLine(), source.hash()));
    }

    static Optional<TermPage> term(Path file, SourceFile source, Diagnostics diagnostics) {
        Optional<FrontMatter> parsed = FrontMatter.parse(file, source.text(), diagnostics);
        if (parsed.isEmpty()) return Optional.empty();
        FrontMatter fm = parsed.get();
        Fields f = new Fields(fm.fields(), diagnostics);
        unknownKeys(diagnostics, fm.fields(), TERM_KEYS, "description");
        Optional<String> name =
                f.requiredText("name", "add a line with the name as articles write it, e.g. name: Politics");
        String summary = f.text("summary").orElse("");
        if (f.hasErrors() || name.isEmpty()) return Optional.empty();
        String fileName = file.getFileName().toString();
        String fileSlug = fileName.substring(0, fileName.length() - 3);
        if (Slug.of(name.get()).isEmpty()) {
            diagnostics.error(f.at("name"), "name \"" + name.get() + "\" has no letters or digits");
            return Optional.empty();
        }
        Optional<String> tooLong =
                Slug.lengthProblem("name \"" + name.get() + "\"", Slug.of(name.get()), "shorten the name");
        if (tooLong.isPresent()) {
            diagnostics.error(f.at("name"), tooLong.get());
            return Optional.empty();
        }
        Term term = Term.of(name.get());
        if (!term.slug().equals(fileSlug)) {
            diagnostics.warning(
                    f.at("name"),
                    "name \"" + name.get() + "\" has the slug \"" + term.slug() + "\" but the file is named " + fileName
                            + "; rename it to " + term.slug() + ".md");
        }
        return Optional.of(new TermPage(file, term, summary, fm.body().strip(), fm.bodyLine(), source.hash()));
    }

    private static void unknownKeys(Diagnostics diagnostics, YamlNode.Mapping map, Set<String> known, String what) {
        for (String key : map.entries().keySet()) {
            if (!known.contains(key)) {
                diagnostics.warning(
                        map.keyAt(key),
                        "unknown " + what + " key \"" + key + "\" is ignored; known: "
                                + String.join(", ", new TreeSet<>(known)));
            }
        }
    }
}
