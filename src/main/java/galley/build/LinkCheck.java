package galley.build;

import galley.config.SiteConfig;
import galley.content.SourceTree;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.NearestName;
import galley.diag.Severity;
import galley.diag.SourcePosition;
import galley.markdown.HtmlTags;
import galley.markdown.RenderedMarkdown;
import galley.markdown.RenderedMarkdown.LinkUse;
import galley.markdown.UrlPaths;
import galley.markdown.UrlSafety;
import galley.model.Archive;
import galley.model.Article;
import galley.plan.DataFile;
import galley.plan.PagePlan;
import galley.plan.SitePlanner.SitePlan;
import galley.views.PageViews;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code check}'s links (issue #20): every link and image of every rendered Markdown text
 * (article bodies, author bios, section and tag descriptions) against what the plan publishes.
 * A link inside the site that no output serves, a {@code #fragment} that names no element of its
 * page, a link to a draft or future-dated article are errors; an image without alt text is a
 * warning. Everything a link is judged against is put in hash maps once (every output path, the
 * ids of every body), so each link costs a few lookups, whatever the size of the archive; the
 * slower work (a did-you-mean among neighbours, rendering a page whose ids the body alone does
 * not give) is done only for a link that is not found at once.
 *
 * <p>What a build already reports stays its one rule: a link to a missing {@code /media/} file is
 * the build's "missing media file" warning, not a second finding here.
 */
final class LinkCheck implements PageViews.CheckedTexts {

    /** One rendered text with what check needs of it (the HTML itself is not kept). */
    private record Text(Path source, int firstLine, String pagePath, List<LinkUse> links) {}

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

    private final Archive archive;
    private final SourceTree tree;
    private final String baseAuthority;
    /** The base URL's path as written, ending in "/": "/" or "/archive/". */
    private final String baseRawPath;

    /** Every HTML page of the plan by output path ("2025/11/24/x/index.html"). */
    private final Map<String, PagePlan> pages = new HashMap<>();
    /** Every other output path: feeds, sitemaps, search indexes, static files, media. */
    private final Set<String> files = new HashSet<>();
    /** Drafts and future articles by site path and by source file. */
    private final Map<String, Article> unpublishedByPath = new HashMap<>();

    private final Map<Path, Article> unpublishedBySource = new HashMap<>();
    /** The ids of each text's HTML by the page it is shown on ("/2025/11/24/x/"). */
    private final Map<String, Set<String>> bodyIds = new ConcurrentHashMap<>();

    private final Queue<Text> texts = new ConcurrentLinkedQueue<>();
    /** The ids of a whole rendered page, or empty when it could not be rendered (a template error, reported on its own). */
    private final Function<PagePlan, Optional<Set<String>>> renderIds;

    private final Map<String, Optional<Set<String>>> pageIds = new HashMap<>();
    /** Output names by folder ("/2025/11/24/" to "harbour/", "ferry/"), made for the first broken link only. */
    private Map<String, List<String>> siblings;

    private final DateTimeFormatter dateFormat;
    private final ZoneId zone;

    LinkCheck(
            SiteConfig config,
            Archive archive,
            SourceTree tree,
            SitePlan plan,
            Set<String> staticPaths,
            Collection<Article> unpublished,
            Function<PagePlan, Optional<Set<String>>> renderIds) {
        this.archive = archive;
        this.tree = tree;
        this.renderIds = renderIds;
        this.baseAuthority = config.baseUrl().getRawAuthority().toLowerCase(Locale.ROOT);
        this.baseRawPath = config.basePath();
        this.zone = config.timezone();
        this.dateFormat = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        for (PagePlan page : plan.pages()) pages.put(page.outputPath(), page);
        for (DataFile file : plan.files()) files.add(file.outputPath());
        files.addAll(staticPaths);
        for (String media : tree.media()) files.add(media.substring(1));
        for (Article a : unpublished) {
            unpublishedByPath.putIfAbsent(a.path(), a);
            unpublishedBySource.put(a.source(), a);
        }
    }

    @Override
    public void accept(Path source, int firstLine, String pagePath, RenderedMarkdown rendered) {
        Set<String> ids = HtmlTags.ids(rendered.html());
        if (!ids.isEmpty()) {
            // A bio or description is shown on its own page; several texts never share one.
            bodyIds.merge(pagePath, ids, (a, b) -> {
                Set<String> both = new HashSet<>(a);
                both.addAll(b);
                return both;
            });
        }
        if (!rendered.links().isEmpty()) texts.add(new Text(source, firstLine, pagePath, rendered.links()));
        mediaShown.addAll(rendered.media());
        for (LinkUse use : rendered.links()) {
            if (!use.rawHtml()) continue;
            // Raw HTML carries the base path itself: /archive/media/x.jpg is the media file /media/x.jpg.
            String url = use.destination();
            int cut = url.indexOf('#') < 0 ? url.indexOf('?') : url.indexOf('#');
            if (cut >= 0) url = url.substring(0, cut);
            if (url.startsWith(baseRawPath + "media/")) {
                String media = UrlPaths.decode("/" + url.substring(baseRawPath.length()));
                if (tree.media().contains(media)) mediaShown.add(media);
            }
        }
    }

    /** The media files that a rendered text leads to (links and images, Markdown and raw HTML). */
    private final Set<String> mediaShown = ConcurrentHashMap.newKeySet();

    /** The media files ({@code /media/...}, decoded) that the texts received lead to; complete after every text was rendered. */
    Set<String> mediaShown() {
        return mediaShown;
    }

    /** Judges every link received; one pass, after every text was rendered (a link may lead to any of them). */
    void report(Diagnostics diagnostics) {
        for (Text text : texts) {
            for (LinkUse use : text.links()) judge(text, use, diagnostics);
        }
    }

    private void judge(Text text, LinkUse use, Diagnostics diagnostics) {
        SourcePosition at = use.line() > 0
                ? new SourcePosition(text.source(), text.firstLine() + use.line() - 1, use.column())
                : SourcePosition.of(text.source());
        if (use.noAlt()) {
            diagnostics.add(new Diagnostic(
                    Severity.WARNING,
                    at,
                    use.rawHtml()
                            ? "image has no alt text; describe it for readers who cannot see it (or alt=\"\" if"
                                    + " decorative)"
                            : "image has no alt text; describe it for readers who cannot see it: ![what it shows]("
                                    + use.destination() + ")",
                    Diagnostic.Kind.IMAGE_NO_ALT));
        }
        String written = use.destination();
        if (written.isEmpty() || written.startsWith("//") || UrlSafety.isDangerous(written)) return;
        int hash = written.indexOf('#');
        String fragment = hash < 0 ? null : UrlPaths.decode(written.substring(hash + 1));
        String beforeFragment = hash < 0 ? written : written.substring(0, hash);
        int query = beforeFragment.indexOf('?');
        String rawPath = query < 0 ? beforeFragment : beforeFragment.substring(0, query);

        String sitePath;
        if (SCHEME.matcher(written).lookingAt()) {
            sitePath = inSite(rawPath);
            if (sitePath == null) return; // another site, mailto:, tel:, ...
        } else if (rawPath.isEmpty()) {
            sitePath = text.pagePath(); // "#part" or "?x": this page
        } else if (rawPath.startsWith("/")) {
            if (use.rawHtml()) {
                // Raw HTML is not rewritten: its root-relative links carry the base path.
                if (!rawPath.startsWith(baseRawPath)
                        && !rawPath.equals(baseRawPath.substring(0, baseRawPath.length() - 1))) return;
                sitePath = "/" + UrlPaths.decode(rawPath.substring(Math.min(rawPath.length(), baseRawPath.length())));
            } else {
                sitePath = UrlPaths.decode(rawPath);
            }
        } else if (!use.rawHtml() && UrlPaths.decode(rawPath).endsWith(".md")) {
            articleFile(text, use, at, UrlPaths.decode(rawPath), fragment, diagnostics);
            return;
        } else {
            sitePath = resolve(text.pagePath(), UrlPaths.decode(rawPath));
            if (sitePath == null) {
                diagnostics.add(error(
                        at,
                        "link to " + written + " leads above the site's root, to no page; correct or remove it",
                        Diagnostic.Kind.BROKEN_LINK));
                return;
            }
        }
        if (sitePath.startsWith("/media/")) {
            // The build's rule for media files; raw HTML, which the build does not read, gets it here.
            if (use.rawHtml() && !tree.media().contains(sitePath))
                diagnostics.add(Diagnostic.missingMedia(at, sitePath));
            return;
        }
        String served = served(sitePath);
        if (served == null) {
            Article unpublished = unpublishedByPath.getOrDefault(sitePath, unpublishedByPath.get(sitePath + "/"));
            if (unpublished != null) {
                diagnostics.add(unpublished(at, unpublished));
                return;
            }
            String shown = shown(written, sitePath);
            diagnostics.add(error(
                    at,
                    "link to " + shown + " leads to no page"
                            + nearestPage(sitePath)
                                    .map(p -> "; did you mean " + p + "?")
                                    .orElse("; correct or remove it"),
                    Diagnostic.Kind.BROKEN_LINK));
            return;
        }
        if (fragment != null) anchor(at, written, served, fragment, rawPath.isEmpty(), diagnostics);
    }

    /** A relative link to an article's source file ({@code ../10/vote.md}), which Galley turns into its URL. */
    private void articleFile(
            Text text, LinkUse use, SourcePosition at, String file, String fragment, Diagnostics diagnostics) {
        Path parent = text.source().getParent();
        Path target = (parent == null ? Path.of(file) : parent.resolve(file)).normalize();
        Optional<Article> published = archive.findBySource(target);
        if (published.isPresent()) {
            if (fragment != null) anchor(at, use.destination(), published.get().path(), fragment, false, diagnostics);
            return;
        }
        Article unpublished = unpublishedBySource.get(target);
        if (unpublished != null) {
            diagnostics.add(unpublished(at, unpublished));
            return;
        }
        String written = use.destination();
        int slash = written.lastIndexOf('/');
        String folder = slash < 0 ? "" : written.substring(0, slash + 1);
        Path targetFolder = target.getParent();
        List<String> names = new ArrayList<>();
        for (Path p : tree.articles()) {
            if (p.getParent() != null && p.getParent().equals(targetFolder))
                names.add(p.getFileName().toString());
        }
        diagnostics.add(error(
                at,
                "link to " + written + " leads to no article file (" + slashes(target) + " does not exist)"
                        + NearestName.among(target.getFileName().toString(), names)
                                .map(n -> "; did you mean " + folder + n + "?")
                                .orElse("; correct or remove it"),
                Diagnostic.Kind.BROKEN_LINK));
    }

    /**
     * Checks that {@code fragment} names an element of the page at {@code pagePath}: first among
     * the ids of the texts shown there, then (once per page) among the ids of the whole page as
     * its template renders it (the theme's own ids, footnotes of other parts).
     */
    private void anchor(
            SourcePosition at,
            String written,
            String pagePath,
            String fragment,
            boolean samePage,
            Diagnostics diagnostics) {
        // "#" and "#top" lead to the top of any page (HTML's fragment rules).
        if (fragment.isEmpty() || fragment.equalsIgnoreCase("top")) return;
        Set<String> ids = bodyIds.getOrDefault(pagePath, Set.of());
        if (ids.contains(fragment)) return;
        PagePlan page = pages.get(PagePlan.outputPathOf(pagePath));
        if (page == null) return; // a feed or a file: not HTML whose ids are known
        Optional<Set<String>> all = pageIds.computeIfAbsent(pagePath, k -> renderIds.apply(page));
        if (all.isEmpty() || all.get().contains(fragment)) return;
        Set<String> known = new TreeSet<>(all.get());
        known.addAll(ids);
        Optional<String> near = NearestName.among(fragment, known);
        String where = samePage ? "this page" : pagePath;
        String before = written.substring(0, written.indexOf('#'));
        diagnostics.add(error(
                at,
                "link to " + written + ": " + where + " has no element with id=\"" + fragment + "\""
                        + near.map(n -> "; did you mean " + before + "#" + n + "?")
                                .orElse("; correct the anchor or remove it"),
                Diagnostic.Kind.BROKEN_ANCHOR));
    }

    private Diagnostic unpublished(SourcePosition at, Article target) {
        String file = slashes(target.source());
        String message = target.draft()
                ? "links to " + file + ", which is a draft (published pages would link to nothing); publish it"
                        + " first or remove the link"
                : "links to " + file + ", which is dated "
                        + dateFormat.format(target.date().atZone(zone))
                        + ", after the check's time (published pages would link to nothing until then); link to"
                        + " it once it is out";
        return error(at, message, Diagnostic.Kind.LINK_TO_UNPUBLISHED);
    }

    /**
     * The site path an output of the plan serves {@code sitePath} from, or null: the page or file
     * itself, or for {@code /a/b} the folder page {@code /a/b/} (hosts redirect to it).
     */
    private String served(String sitePath) {
        String output = PagePlan.outputPathOf(sitePath);
        if (pages.containsKey(output) || files.contains(output)) return sitePath;
        if (!sitePath.endsWith("/") && pages.containsKey(sitePath.substring(1) + "/index.html")) return sitePath + "/";
        if (sitePath.endsWith("/index.html")) {
            String folder = sitePath.substring(0, sitePath.length() - "index.html".length());
            if (pages.containsKey(PagePlan.outputPathOf(folder))) return folder;
        }
        return null;
    }

    /** A near site path among the outputs in the same folder ("/2024/05/01/food/" for ".../foo/"), if any. */
    private Optional<String> nearestPage(String sitePath) {
        if (siblings == null) {
            siblings = new HashMap<>();
            for (String output : pages.keySet()) addSibling(sitePathOf(output));
            for (String output : files) addSibling("/" + output);
        }
        boolean folder = sitePath.endsWith("/");
        String trimmed = folder ? sitePath.substring(0, sitePath.length() - 1) : sitePath;
        int slash = trimmed.lastIndexOf('/');
        if (slash < 0) return Optional.empty();
        String parent = trimmed.substring(0, slash + 1);
        String name = trimmed.substring(slash + 1);
        List<String> names = siblings.getOrDefault(parent, List.of());
        Map<String, String> bare = new HashMap<>();
        for (String n : names) bare.putIfAbsent(n.endsWith("/") ? n.substring(0, n.length() - 1) : n, n);
        return NearestName.among(name, bare.keySet()).map(n -> parent + bare.get(n));
    }

    private void addSibling(String sitePath) {
        if (sitePath.equals("/")) return;
        boolean folder = sitePath.endsWith("/");
        String trimmed = folder ? sitePath.substring(0, sitePath.length() - 1) : sitePath;
        int slash = trimmed.lastIndexOf('/');
        siblings.computeIfAbsent(trimmed.substring(0, slash + 1), k -> new ArrayList<>())
                .add(trimmed.substring(slash + 1) + (folder ? "/" : ""));
    }

    private static String sitePathOf(String output) {
        return output.endsWith("index.html")
                ? "/" + output.substring(0, output.length() - "index.html".length())
                : "/" + output;
    }

    /**
     * The site path of an absolute URL to this site ({@code https://archive.example.org/2025/…}
     * with the base URL's host and path; http or https), or null for a URL elsewhere.
     */
    private String inSite(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("https://")) rest = url.substring(8);
        else if (lower.startsWith("http://")) rest = url.substring(7);
        else return null;
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        if (!authority.toLowerCase(Locale.ROOT).equals(baseAuthority)) return null;
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (!path.startsWith(baseRawPath))
            return path.equals(baseRawPath.substring(0, baseRawPath.length() - 1)) ? "/" : null;
        return "/" + UrlPaths.decode(path.substring(baseRawPath.length()));
    }

    /** {@code relative} (decoded) against the page at {@code pagePath}, as a browser would; null above the root. */
    static String resolve(String pagePath, String relative) {
        String folder = pagePath.substring(0, pagePath.lastIndexOf('/') + 1);
        String joined = folder + relative;
        List<String> out = new ArrayList<>();
        String[] segments = joined.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".")) {
                if (last) out.add("");
            } else if (s.equals("..")) {
                if (out.isEmpty()) return null;
                out.remove(out.size() - 1);
                if (last) out.add("");
            } else {
                out.add(s);
            }
        }
        return "/" + String.join("/", out);
    }

    /** The link as written, and the site path it leads to when that reads differently. */
    private static String shown(String written, String sitePath) {
        int cut = written.indexOf('#');
        String path = cut < 0 ? written : written.substring(0, cut);
        return path.equals(sitePath) ? path : path + " (" + sitePath + ")";
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }

    private static Diagnostic error(SourcePosition at, String message, Diagnostic.Kind kind) {
        return new Diagnostic(Severity.ERROR, at, message, kind);
    }
}
