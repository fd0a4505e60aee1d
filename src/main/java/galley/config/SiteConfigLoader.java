package galley.config;

import galley.diag.Diagnostics;
import galley.diag.NearestName;
import galley.diag.SourcePosition;
import galley.model.Slug;
import galley.yaml.SafeYaml;
import galley.yaml.SourceText;
import galley.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads and validates {@code content/site.yaml}. Unknown keys are errors (typo protection). */
public final class SiteConfigLoader {

    static final List<String> KEYS = List.of(
            "title",
            "description",
            "base_url",
            "language",
            "timezone",
            "page_size",
            "permalink",
            "raw_html",
            "feed_size",
            "feed_full_content",
            "git_dates",
            "images");

    /** The settings under {@code images:}. */
    static final List<String> IMAGE_KEYS =
            List.of("widths", "webp", "jpeg_quality", "webp_quality", "strip_original_metadata", "sizes", "social");

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern PERMALINK_TOKEN = Pattern.compile(":[a-z]+");
    private static final List<String> PERMALINK_TOKENS = List.of(":year", ":month", ":day", ":slug", ":section");
    /** What a permalink may be made of besides tokens: URL-safe path characters. */
    private static final Pattern PERMALINK_LITERAL = Pattern.compile("[A-Za-z0-9._~/-]*");

    private SiteConfigLoader() {}

    /**
     * Loads {@code ROOT/content/site.yaml}; problems go to {@code diagnostics}. Returns empty when
     * the settings are unusable (the build cannot go on without a base URL).
     */
    public static Optional<SiteConfig> load(Path root, Diagnostics diagnostics) {
        Path shown = Path.of("content", "site.yaml");
        Path file = root.resolve(shown);
        if (!Files.isRegularFile(file)) {
            diagnostics.error(
                    SourcePosition.of(shown),
                    "missing site settings: create content/site.yaml with at least title and base_url");
            return Optional.empty();
        }
        Optional<YamlNode> node =
                SourceText.read(file, shown, diagnostics).flatMap(text -> SafeYaml.parse(text, shown, 1, diagnostics));
        if (node.isEmpty()) return Optional.empty();
        if (!(node.get() instanceof YamlNode.Mapping map)) {
            diagnostics.error(
                    node.get().at(),
                    "site.yaml must be a mapping of settings, not " + node.get().kindName());
            return Optional.empty();
        }
        return new Reader(map, shown, diagnostics).read();
    }

    private static final class Reader {
        private final YamlNode.Mapping map;
        private final Path file;
        private final Diagnostics diagnostics;
        private boolean ok = true;
        /** What names the settings of this mapping in messages: "" at the top, "images." under images:. */
        private final String prefix;

        Reader(YamlNode.Mapping map, Path file, Diagnostics diagnostics) {
            this(map, file, diagnostics, "");
        }

        Reader(YamlNode.Mapping map, Path file, Diagnostics diagnostics, String prefix) {
            this.map = map;
            this.file = file;
            this.diagnostics = diagnostics;
            this.prefix = prefix;
        }

        Optional<SiteConfig> read() {
            for (String key : map.entries().keySet()) {
                if (!KEYS.contains(key)) {
                    error(
                            map.keyAt(key),
                            "unknown setting \"" + key + "\" in site.yaml" + suggestion(key) + "; known settings: "
                                    + String.join(", ", KEYS));
                }
            }
            String title = text("title", null);
            String description = text("description", "");
            URI baseUrl = baseUrl();
            String language = text("language", "en");
            if (language != null && !LANGUAGE.matcher(language).matches()) {
                error(valueAt("language"), "language \"" + language + "\" is not a language tag such as en or uk-UA");
            }
            ZoneId zone = zone();
            int pageSize = number("page_size", 20, 1, 1000);
            int feedSize = number("feed_size", 50, 1, 10_000);
            String permalink = permalink();
            SiteConfig.RawHtml rawHtml = rawHtml();
            SiteConfig.FeedContent feedContent =
                    choice("feed_full_content", SiteConfig.FeedContent.class, SiteConfig.FeedContent.SITE);
            boolean gitDates = flag("git_dates");
            ImageOptions images = images();
            if (!ok || title == null || baseUrl == null) return Optional.empty();
            return Optional.of(new SiteConfig(
                    title,
                    description,
                    baseUrl,
                    language,
                    zone,
                    pageSize,
                    permalink,
                    rawHtml,
                    feedSize,
                    feedContent,
                    gitDates,
                    images));
        }

        /** {@code images:}, a mapping whose every key may be left out; the defaults when it is. */
        private ImageOptions images() {
            ImageOptions defaults = ImageOptions.defaults();
            Optional<YamlNode> node = map.find("images");
            if (node.isEmpty() || node.get() instanceof YamlNode.Scalar s && s.isNull()) return defaults;
            if (!(node.get() instanceof YamlNode.Mapping images)) {
                error(
                        node.get().at(),
                        "setting \"images\" must be a mapping such as {widths: [640, 1280], webp: true}, not "
                                + node.get().kindName());
                return defaults;
            }
            Reader in = new Reader(images, file, diagnostics, "images.");
            for (String key : images.entries().keySet()) {
                if (!IMAGE_KEYS.contains(key)) {
                    in.error(
                            images.keyAt(key),
                            "unknown setting \"images." + key + "\" in site.yaml"
                                    + NearestName.among(key, IMAGE_KEYS)
                                            .map(known -> " (did you mean \"" + known + "\"?)")
                                            .orElse("")
                                    + "; known: " + String.join(", ", IMAGE_KEYS));
                }
            }
            List<Integer> widths = in.widths(defaults.widths());
            boolean webp = in.flag("webp", true);
            int jpeg = in.number("jpeg_quality", defaults.jpegQuality(), 1, 100);
            int webpQuality = in.number("webp_quality", defaults.webpQuality(), 1, 100);
            boolean strip = in.flag("strip_original_metadata", false);
            String sizes = in.text("sizes", defaults.sizes());
            if (sizes.isEmpty() || sizes.chars().anyMatch(c -> c == '"' || c == '<' || c == '>' || c < 0x20)) {
                in.error(
                        in.valueAt("sizes"),
                        "images.sizes \"" + sizes + "\" must be a sizes attribute such as "
                                + ImageOptions.DEFAULT_SIZES);
            }
            String socialRaw = in.text("social", "");
            Optional<String> social = Optional.empty();
            if (!socialRaw.isEmpty()) {
                if (socialRaw.startsWith("/media/") && !socialRaw.contains("..") && !socialRaw.contains("\\")) {
                    social = Optional.of(socialRaw);
                } else {
                    in.error(
                            in.valueAt("social"),
                            "images.social \"" + socialRaw + "\" must be the path of an image"
                                    + " in content/media/, such as /media/brand/preview.png");
                }
            }
            if (!in.ok) {
                ok = false;
                return defaults;
            }
            return new ImageOptions(widths, webp, jpeg, webpQuality, strip, sizes, social);
        }

        /** {@code widths:}: a list of pixel widths, written in any order (sorted; repeats are one). */
        private List<Integer> widths(List<Integer> fallback) {
            Optional<YamlNode> node = map.find("widths");
            if (node.isEmpty() || node.get() instanceof YamlNode.Scalar s && s.isNull()) return fallback;
            if (!(node.get() instanceof YamlNode.Sequence list)) {
                error(
                        node.get().at(),
                        "images.widths must be a list of widths in pixels such as [320, 640, 1280], or [] for none");
                return fallback;
            }
            TreeSet<Integer> widths = new TreeSet<>();
            for (YamlNode item : list.items()) {
                String raw = item instanceof YamlNode.Scalar s ? s.value().strip() : item.kindName();
                try {
                    int w = Integer.parseInt(raw);
                    if (w >= ImageOptions.MIN_WIDTH && w <= ImageOptions.MAX_WIDTH) {
                        widths.add(w);
                        continue;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                error(
                        item.at(),
                        "image width \"" + raw + "\" must be a whole number of pixels from " + ImageOptions.MIN_WIDTH
                                + " to " + ImageOptions.MAX_WIDTH);
            }
            return List.copyOf(widths);
        }

        private String suggestion(String key) {
            return NearestName.among(key, KEYS)
                    .map(known -> " (did you mean \"" + known + "\"?)")
                    .orElse("");
        }

        private SourcePosition valueAt(String key) {
            return map.find(key).map(YamlNode::at).orElse(map.keyAt(key));
        }

        private String text(String key, String fallback) {
            Optional<YamlNode> node = map.find(key);
            if (node.isEmpty() || node.get() instanceof YamlNode.Scalar s && s.isNull()) {
                if (fallback == null) error(SourcePosition.of(file, 1), "missing setting \"" + key + "\" in site.yaml");
                return fallback;
            }
            if (node.get() instanceof YamlNode.Scalar s) return s.value().strip();
            error(
                    node.get().at(),
                    "setting \"" + prefix + key + "\" must be a text, not "
                            + node.get().kindName());
            return fallback;
        }

        private URI baseUrl() {
            String raw = text("base_url", null);
            if (raw == null) return null;
            return parseBaseUrl(raw).orElseGet(() -> {
                error(
                        valueAt("base_url"),
                        "base_url \"" + raw + "\" is not an absolute http(s) URL such as https://example.org/");
                return null;
            });
        }

        private ZoneId zone() {
            String raw = text("timezone", "UTC");
            try {
                return ZoneId.of(raw);
            } catch (DateTimeException e) {
                error(
                        valueAt("timezone"),
                        "unknown timezone \"" + raw + "\"; use an IANA name such as Europe/Kyiv or UTC");
                return ZoneId.of("UTC");
            }
        }

        private int number(String key, int fallback, int min, int max) {
            String raw = text(key, String.valueOf(fallback));
            try {
                int n = Integer.parseInt(raw);
                if (n >= min && n <= max) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            error(valueAt(key), prefix + key + " \"" + raw + "\" must be a whole number from " + min + " to " + max);
            return fallback;
        }

        private boolean flag(String key) {
            return flag(key, false);
        }

        private boolean flag(String key, boolean fallback) {
            String raw = text(key, String.valueOf(fallback));
            if (raw.equals("true") || raw.equals("false")) return raw.equals("true");
            error(valueAt(key), prefix + key + " \"" + raw + "\" must be true or false");
            return fallback;
        }

        private String permalink() {
            String raw = text("permalink", SiteConfig.DEFAULT_PERMALINK);
            Optional<String> problem = permalinkProblem(raw);
            problem.ifPresent(p -> error(valueAt("permalink"), "permalink \"" + raw + "\" " + p));
            return problem.isPresent() ? SiteConfig.DEFAULT_PERMALINK : raw;
        }

        private SiteConfig.RawHtml rawHtml() {
            return choice("raw_html", SiteConfig.RawHtml.class, SiteConfig.RawHtml.KEEP);
        }

        private <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
            String raw = text(key, fallback.name().toLowerCase(Locale.ROOT));
            for (E value : type.getEnumConstants()) {
                if (value.name().toLowerCase(Locale.ROOT).equals(raw)) return value;
            }
            List<String> names = Arrays.stream(type.getEnumConstants())
                    .map(v -> v.name().toLowerCase(Locale.ROOT))
                    .toList();
            error(valueAt(key), key + " \"" + raw + "\" must be one of " + String.join(", ", names));
            return fallback;
        }

        private void error(SourcePosition at, String message) {
            ok = false;
            diagnostics.error(at, message);
        }
    }

    /**
     * Where {@code key} is written in {@code ROOT/content/site.yaml} (the line and column of the
     * key), for problems a later step finds with a setting; the file's first line if it is not
     * found there.
     */
    public static SourcePosition positionOf(Path root, String key) {
        Path shown = Path.of("content", "site.yaml");
        Diagnostics ignored = new Diagnostics();
        return SourceText.read(root.resolve(shown), shown, ignored)
                .flatMap(text -> SafeYaml.parse(text, shown, 1, ignored))
                .filter(YamlNode.Mapping.class::isInstance)
                .map(node -> ((YamlNode.Mapping) node).keyAt(key))
                .orElse(SourcePosition.of(shown, 1));
    }

    /** Parses an absolute http(s) URL and makes sure its path ends with "/". */
    public static Optional<URI> parseBaseUrl(String raw) {
        try {
            URI uri = new URI(raw.strip());
            if (!uri.isAbsolute()
                    || uri.getRawAuthority() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return Optional.empty();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (!path.endsWith("/")) path += "/";
            if (path.contains("/../") || path.contains("/./") || path.contains("//")) return Optional.empty();
            return Optional.of(new URI(scheme + "://" + uri.getRawAuthority() + path));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Why a permalink pattern is unusable, or empty when it is fine. */
    static Optional<String> permalinkProblem(String pattern) {
        if (!pattern.startsWith("/")) return Optional.of("must start with \"/\"");
        if (!pattern.contains(":slug")) return Optional.of("must contain :slug so that every article gets its own URL");
        if (!pattern.endsWith("/") && !pattern.endsWith(".html"))
            return Optional.of("must end with \"/\" or \".html\"");
        var m = PERMALINK_TOKEN.matcher(pattern);
        while (m.find()) {
            if (!PERMALINK_TOKENS.contains(m.group())) {
                return Optional.of("has unknown token " + m.group() + "; known: " + String.join(" ", PERMALINK_TOKENS));
            }
        }
        String literal = PERMALINK_TOKEN.matcher(pattern).replaceAll("x");
        if (!PERMALINK_LITERAL.matcher(literal).matches())
            return Optional.of("may only contain letters, digits, - . _ ~ / and tokens");
        for (String segment : literal.split("/")) {
            if (segment.equals(".") || segment.equals("..")) return Optional.of("must not contain . or .. segments");
            if (Slug.isReservedOnWindows(segment)) {
                return Optional.of("has the folder or file name \"" + segment + "\", which Windows cannot create"
                        + " (a device name such as con or nul, or a name ending in a dot); choose another");
            }
        }
        if (literal.contains("//")) return Optional.of("must not contain an empty segment (//)");
        return Optional.empty();
    }
}
