package galley.cli;

import galley.config.SiteConfig;
import galley.config.SiteConfigLoader;
import galley.diag.Diagnostics;
import galley.diag.NearestName;
import galley.model.Slug;
import galley.scaffold.NewFiles;
import galley.scaffold.NewFiles.NewFile;
import galley.scaffold.Scaffold;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code galley new "Headline"}: writes {@code content/articles/YYYY/MM/<slug>.md} with complete
 * front matter and prints its path; {@code galley new author "Full Name"} writes an author. Never
 * writes over an existing file. Authors are checked against {@code content/authors/}, so a typo is
 * caught here, with a did-you-mean, rather than at the next build.
 */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Start a new article: content/articles/YYYY/MM/<slug>.md, dated now in site.yaml's timezone.",
        subcommands = {NewCommand.Author.class})
public class NewCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Project folder holding content/ (default: the working directory).")
    Path root = Path.of("");

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "HEADLINE",
            description = "The article's title; its slug is made from it.")
    String title;

    @Option(names = "--section", paramLabel = "NAME", description = "The section, as articles write it (required).")
    String section;

    @Option(
            names = "--author",
            paramLabel = "SLUG",
            description = "An author's slug (a file in content/authors/; required); repeat for several.")
    List<String> authors = new ArrayList<>();

    @Option(names = "--tags", paramLabel = "A,B", split = ",", description = "Tags, separated by commas.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--draft", description = "Mark it draft: true (left out of builds without --drafts).")
    boolean draft;

    @Option(
            names = "--slug",
            paramLabel = "SLUG",
            description = "The file name and URL slug (default: from the headline).")
    String slug;

    @Option(
            names = "--date",
            paramLabel = "ISO-TIME",
            description = "The article's date (default: now), e.g. 2026-12-08T06:00:00+02:00 to schedule it.")
    String date;

    @Override
    public Integer call() {
        // Not picocli's required=true: that would demand a headline of "galley new author" too.
        List<String> missing = new ArrayList<>();
        if (title == null) missing.add("HEADLINE");
        if (section == null) missing.add("--section");
        if (authors.isEmpty()) missing.add("--author");
        if (!missing.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "missing " + String.join(", ", missing)
                            + ", e.g. galley new \"Council approves budget\" --section Politics --author jane-doe");
        }
        PrintWriter err = spec.commandLine().getErr();
        Path rootDir = NewSources.root(spec, root);
        Optional<SiteConfig> config = NewSources.settings(rootDir, err);
        if (config.isEmpty()) return Main.CONTENT_ERRORS;
        List<String> problems = new ArrayList<>();
        if (title.isBlank()) problems.add("the headline is empty");
        String articleSlug = slug != null ? slug : Slug.of(title);
        if (slug != null && !Slug.isValid(slug)) {
            problems.add("--slug \"" + slug
                    + "\" is not a slug; use lower-case letters, digits and single hyphens, e.g. " + Slug.of(slug));
        } else if (articleSlug.isEmpty() && !title.isBlank()) {
            problems.add("the headline \"" + title + "\" has no letters or digits to make a slug of; pass --slug");
        } else {
            Slug.lengthProblem("the headline", articleSlug, "shorten it or pass a shorter --slug")
                    .ifPresent(problems::add);
        }
        if (section.isBlank() || Slug.of(section).isEmpty())
            problems.add("--section \"" + section + "\" has no letters or digits");
        List<String> known = NewSources.names(rootDir.resolve("content").resolve("authors"));
        for (String a : authors) {
            if (known.contains(a)) continue;
            problems.add("--author " + a + ": there is no content/authors/" + a + ".md"
                    + NearestName.among(a, known)
                            .map(n -> "; did you mean " + n + "?")
                            .orElse(
                                    known.isEmpty()
                                            ? "; add one with: galley new author \"Full Name\""
                                            : " (authors: "
                                                    + String.join(", ", known.subList(0, Math.min(known.size(), 8)))
                                                    + (known.size() > 8 ? ", ..." : "") + ")"));
        }
        List<String> cleanTags =
                tags.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        Instant when = date == null
                ? Instant.now()
                : TimeOption.parse(date, config.get().timezone()).orElse(null);
        if (when == null)
            problems.add("--date \"" + date + "\" is not an ISO-8601 time such as 2026-12-08T06:00:00+02:00");
        if (!problems.isEmpty()) return NewSources.refuse(err, problems);

        // A section the site does not describe is fine (most are named only by articles), but one
        // spelt nearly like a described one is probably a typo of it.
        List<String> sections = NewSources.names(rootDir.resolve("content").resolve("sections"));
        String sectionSlug = Slug.of(section);
        if (!sections.contains(sectionSlug)) {
            NearestName.among(sectionSlug, sections)
                    .ifPresent(n -> err.println("galley: warning: section \"" + section
                            + "\" is not described in content/sections/; did you mean the section of content/sections/"
                            + n + ".md?"));
        }
        Scaffold.ArticleRequest request = new Scaffold.ArticleRequest(
                title.strip(),
                ZonedDateTime.ofInstant(when, config.get().timezone()),
                section.strip(),
                authors,
                cleanTags,
                draft,
                Optional.of(articleSlug));
        return NewSources.create(
                spec, rootDir, List.of(Scaffold.article(request)), "choose another headline or pass --slug");
    }

    /** {@code galley new author "Full Name"}: writes {@code content/authors/<slug>.md}. */
    @Command(
            name = "author",
            mixinStandardHelpOptions = true,
            versionProvider = Main.VersionProvider.class,
            description = "Add an author: content/authors/<slug>.md, the slug made from the name.")
    static class Author implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        NewCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "The author's full name, as bylines show it.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", description = "e.g. \"City Hall Correspondent\".")
        String role;

        @Option(names = "--slug", paramLabel = "SLUG", description = "The author's slug (default: from the name).")
        String slug;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path rootDir = NewSources.root(spec, parent.root);
            if (!Files.isDirectory(rootDir.resolve("content"))) {
                return NewSources.refuse(
                        err, List.of(rootDir + " has no content/ folder; run galley init first, or pass --root"));
            }
            String authorSlug = slug != null ? slug : Slug.of(name);
            List<String> problems = new ArrayList<>();
            if (slug != null && !Slug.isValid(slug)) {
                problems.add("--slug \"" + slug + "\" is not a slug, e.g. " + Slug.of(slug));
            } else if (authorSlug.isEmpty()) {
                problems.add("the name \"" + name + "\" has no letters or digits to make a slug of; pass --slug");
            } else {
                Slug.lengthProblem("the name", authorSlug, "pass a shorter --slug")
                        .ifPresent(problems::add);
            }
            if (!problems.isEmpty()) return NewSources.refuse(err, problems);
            return NewSources.create(
                    spec,
                    rootDir,
                    List.of(Scaffold.author(
                            name.strip(), Optional.ofNullable(role).map(String::strip), authorSlug)),
                    "pass --slug to give this author another slug");
        }
    }

    /** What the scaffolding commands share: the project folder and how files are created. */
    static final class NewSources {
        private NewSources() {}

        static Path root(CommandLine.Model.CommandSpec spec, Path root) {
            Path dir = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir))
                throw new CommandLine.ParameterException(spec.commandLine(), "--root " + root + " is not a folder");
            return dir;
        }

        /** site.yaml's settings, or empty after printing its problems. */
        static Optional<SiteConfig> settings(Path root, PrintWriter err) {
            Diagnostics diagnostics = new Diagnostics();
            Optional<SiteConfig> config = SiteConfigLoader.load(root, diagnostics);
            if (config.isEmpty() || diagnostics.errorCount() > 0) {
                BuildCommand.Reports.print(diagnostics, err);
                return Optional.empty();
            }
            return config;
        }

        /** The slugs of the {@code .md} files in {@code folder}, sorted; none when it does not exist. */
        static List<String> names(Path folder) {
            List<String> names = new ArrayList<>();
            if (!Files.isDirectory(folder)) return names;
            try (DirectoryStream<Path> list = Files.newDirectoryStream(folder, "*.md")) {
                for (Path p : list) {
                    String file = p.getFileName().toString();
                    names.add(file.substring(0, file.length() - 3));
                }
            } catch (IOException e) {
                // unreadable: no names to suggest; writing will report the folder
            }
            names.sort(null);
            return names;
        }

        static int refuse(PrintWriter err, List<String> problems) {
            problems.forEach(p -> err.println("galley: error: " + p));
            err.println("galley: nothing was written");
            return Main.USAGE;
        }

        /** Creates {@code files} and prints each path; refuses, writing nothing, if one exists. */
        static int create(CommandLine.Model.CommandSpec spec, Path root, List<NewFile> files, String fix) {
            PrintWriter err = spec.commandLine().getErr();
            List<Path> existing = NewFiles.existing(root, files);
            if (!existing.isEmpty()) {
                existing.forEach(
                        p -> err.println(p + ": error: exists already; Galley never writes over a file: " + fix));
                err.println("galley: nothing was written");
                return Main.CONTENT_ERRORS;
            }
            try {
                NewFiles.create(root, files);
            } catch (FileAlreadyExistsException e) {
                err.println(root.relativize(Path.of(e.getFile())) + ": error: exists already (made meanwhile); " + fix);
                err.println("galley: nothing was written");
                return Main.CONTENT_ERRORS;
            } catch (IOException e) {
                err.println("galley: cannot write: " + BuildCommand.describe(e) + "; nothing was written");
                return Main.CONTENT_ERRORS;
            }
            files.forEach(f -> spec.commandLine().getOut().println(f.path()));
            return Main.OK;
        }
    }
}
