package galley.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileExtensionMatcher;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.core.XMLOutputFormat;
import freemarker.ext.util.WrapperTemplateModel;
import freemarker.template.AdapterTemplateModel;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.SimpleCollection;
import freemarker.template.Template;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNotFoundException;
import galley.cache.Fingerprint;
import galley.content.ThemeFiles;
import galley.diag.Diagnostic;
import galley.diag.Diagnostics;
import galley.diag.SourcePosition;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Freemarker, set up once per build: HTML auto-escaping ({@code .ftlh}), no {@code ?new} or
 * {@code ?api}, errors rethrown (never printed into a page). Templates are looked up in the
 * project's {@code templates/} first, then in the default theme bundled in the jar, so a
 * content-only repository builds too. Thread-safe once built.
 */
public final class TemplateRenderer {

    /** Where the bundled default theme lives on the class path (copied there from templates/ by the build). */
    public static final String BUNDLED_THEME = "/galley/theme";

    static {
        // Freemarker would otherwise look for a logging library and may print to stderr itself;
        // Galley reports template problems as diagnostics.
        System.setProperty("org.freemarker.loggerLibrary", "none");
    }

    private final Configuration freemarker;
    private final ThemeFiles theme;

    /** Templates from the folder {@code projectTemplates}, listed here (links as {@link ThemeFiles} follows them). */
    public TemplateRenderer(Path projectTemplates, Locale locale, ZoneId zone) {
        this(
                ThemeFiles.scan(projectTemplates.toAbsolutePath().getParent(), projectTemplates, new Diagnostics()),
                locale,
                zone);
    }

    /**
     * Templates from the project's {@code theme}, as its scan listed them. Freemarker's own file
     * loader is not used: it refuses a link leaving its folder with a SecurityException (a stack
     * trace, not a positioned error), even one that stays inside the project, and would follow a
     * link made after the scan. The scan has judged every link already and reported the refused
     * ones; a name it did not list is looked up in the bundled theme.
     */
    public TemplateRenderer(ThemeFiles theme, Locale locale, ZoneId zone) {
        this.theme = theme;
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        List<TemplateLoader> loaders = new ArrayList<>();
        if (!theme.files().isEmpty()) loaders.add(new ThemeLoader(theme));
        loaders.add(new ClassTemplateLoader(TemplateRenderer.class, BUNDLED_THEME + "/templates"));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
        // HTML escaping as Freemarker's HTML format does it, but straight into the page's bytes (see
        // HtmlEscaping); .ftlx templates, if a theme has any, are XML as Freemarker's standard names have it.
        cfg.setRecognizeStandardFileExtensions(false);
        cfg.setOutputFormat(HtmlEscaping.INSTANCE);
        TemplateConfiguration xml = new TemplateConfiguration();
        xml.setOutputFormat(XMLOutputFormat.INSTANCE);
        cfg.setTemplateConfigurations(
                new ConditionalTemplateConfigurationFactory(new FileExtensionMatcher("ftlx"), xml));
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setLocale(locale);
        cfg.setTimeZone(TimeZone.getTimeZone(zone));
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setLocalizedLookup(false);
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE); // templates do not change during a build
        cfg.setObjectWrapper(new ViewWrapper());
        cfg.setSharedVariable("cached", new CachedDirective());
        this.freemarker = cfg;
    }

    /** Renders {@code template} with {@code model}; a template mistake throws {@link TemplateProblem}. */
    public String render(String template, Map<String, Object> model) {
        return render(template, model, (bytes, length) -> new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    /**
     * Renders {@code template} with {@code model} to UTF-8 and hands the bytes to {@code then}
     * (see {@link Utf8Sink#render(Utf8Sink.Body, Utf8Sink.Rendered)}); a template mistake throws
     * {@link TemplateProblem}.
     */
    public <R> R render(String template, Map<String, Object> model, Utf8Sink.Rendered<R> then) {
        try {
            Template t = freemarker.getTemplate(template);
            return Utf8Sink.render(out -> t.process(model, out), then);
        } catch (ParseException e) {
            throw new TemplateProblem(Diagnostic.error(
                    position(e.getTemplateName(), e.getLineNumber(), e.getColumnNumber()),
                    "template syntax error: " + firstLine(e.getEditorMessage())));
        } catch (TemplateException e) {
            throw new TemplateProblem(Diagnostic.error(
                    position(e.getTemplateSourceName(), lineOr0(e.getLineNumber()), lineOr0(e.getColumnNumber())),
                    "template error: " + describe(e)));
        } catch (TemplateNotFoundException e) {
            throw new TemplateProblem(Diagnostic.error(
                    SourcePosition.of(Path.of("templates", template)),
                    "template not found: neither templates/" + template + " nor the bundled theme has it"));
        } catch (IOException e) {
            throw new TemplateProblem(Diagnostic.error(
                    SourcePosition.of(Path.of("templates", template)), "cannot read template: " + e.getMessage()));
        }
    }

    /**
     * Parses {@code templates} and what they import ahead of rendering (run on another core while
     * the sources load). Problems are left for the render to report, where they belong to a page.
     */
    public void preload(Collection<String> templates) {
        for (String template : templates) {
            try {
                fingerprint(template);
                Set<String> names = new TreeSet<>();
                collect(template, names, new StringBuilder());
                for (String name : names) freemarker.getTemplate(name);
            } catch (IOException | RuntimeException e) {
                // reported when a page is rendered with it
            }
        }
    }

    private static final Pattern IMPORT = Pattern.compile("<#(?:import|include)\\s+\"([^\"]+)\"");
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();

    /**
     * A fingerprint of {@code template} and every template it imports or includes, as they will be
     * loaded (the project's file, else the bundled one): a page's cache key includes it, so a
     * change to one template re-renders exactly the pages that use it.
     */
    public String fingerprint(String template) {
        return fingerprints.computeIfAbsent(template, t -> {
            StringBuilder all = new StringBuilder();
            collect(t, new TreeSet<>(), all);
            return Fingerprint.of(all.toString());
        });
    }

    private void collect(String name, Set<String> seen, StringBuilder all) {
        if (!seen.add(name)) return;
        String text = source(name);
        all.append(name).append('\u0000').append(text).append('\u0000');
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
            String target = m.group(1);
            String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
            collect(target.startsWith("/") ? target.substring(1) : dir + target, seen, all);
        }
    }

    private String source(String name) {
        try {
            Object source = freemarker.getTemplateLoader().findTemplateSource(name);
            if (source == null) return "(missing)";
            try (Reader r = freemarker.getTemplateLoader().getReader(source, "UTF-8")) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[8192];
                for (int n; (n = r.read(buf)) > 0; ) sb.append(buf, 0, n);
                return sb.toString();
            } finally {
                freemarker.getTemplateLoader().closeTemplateSource(source);
            }
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private SourcePosition position(String sourceName, int line, int column) {
        String name = sourceName == null ? "?" : sourceName;
        Path shown = theme.files().containsKey(name)
                ? Path.of("templates", name)
                : Path.of("(bundled theme)", "templates", name);
        return new SourcePosition(shown, Math.max(0, line), Math.max(0, column));
    }

    private static String describe(TemplateException e) {
        String blamed = e.getBlamedExpressionString();
        if (e instanceof InvalidReferenceException && blamed != null) {
            return blamed + " is missing or null; check the name, or write " + blamed + "! (a default) or " + blamed
                    + "?? (a test)";
        }
        return firstLine(e.getMessageWithoutStackTop());
    }

    private static int lineOr0(Integer n) {
        return n == null ? 0 : n;
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown problem";
        String t = s.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).strip();
    }

    /**
     * Loads the project's templates from the files its theme scan listed, by their name relative
     * to {@code templates/}; other names are left to the bundled theme.
     */
    private static final class ThemeLoader implements TemplateLoader {
        private final ThemeFiles theme;

        ThemeLoader(ThemeFiles theme) {
            this.theme = theme;
        }

        @Override
        public Object findTemplateSource(String name) {
            return theme.files().get(name);
        }

        @Override
        public long getLastModified(Object source) {
            return -1; // templates do not change during a build
        }

        @Override
        public Reader getReader(Object source, String encoding) throws IOException {
            return new InputStreamReader(Files.newInputStream((Path) source), encoding);
        }

        @Override
        public void closeTemplateSource(Object source) {}
    }

    /**
     * Shows view records to templates, with {@code Optional} fields unwrapped to a value or
     * nothing, so templates write {@code article.updated??} instead of calling Java methods.
     * Records become plain hashes of their components (read through accessors looked up once per
     * class): templates see the same names as through Freemarker's bean wrapper, without its
     * per-access reflection and member lookups, which were a fifth of a cold build's template time.
     */
    private static final class ViewWrapper extends DefaultObjectWrapper {
        // A map, not a ClassValue: ClassValue.get took its slow path in C1 code (2% of a cold build).
        private static final Map<Class<?>, Map<String, Method>> COMPONENTS = new ConcurrentHashMap<>();

        private static Map<String, Method> components(Class<?> type) {
            Map<String, Method> known = COMPONENTS.get(type);
            if (known != null) return known;
            Map<String, Method> byName = new LinkedHashMap<>();
            for (RecordComponent c : type.getRecordComponents()) {
                Method accessor = c.getAccessor();
                accessor.setAccessible(true);
                byName.put(c.getName(), accessor);
            }
            Map<String, Method> made = Collections.unmodifiableMap(byName);
            Map<String, Method> raced = COMPONENTS.putIfAbsent(type, made);
            return raced != null ? raced : made;
        }

        ViewWrapper() {
            super(Configuration.VERSION_2_3_34);
        }

        @Override
        public TemplateModel wrap(Object obj) throws TemplateModelException {
            if (obj instanceof Optional<?> optional) return wrap(optional.orElse(null));
            if (obj instanceof Record r) return new RecordModel(r, components(r.getClass()), this);
            return super.wrap(obj);
        }
    }

    /** A record as a read-only hash of its components. */
    private record RecordModel(Record record, Map<String, Method> components, ViewWrapper wrapper)
            implements TemplateHashModelEx, AdapterTemplateModel, WrapperTemplateModel {

        @Override
        public TemplateModel get(String key) throws TemplateModelException {
            Method accessor = components.get(key);
            if (accessor == null) return null;
            try {
                return wrapper.wrap(accessor.invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new TemplateModelException(
                        "cannot read " + key + " of " + record.getClass().getSimpleName(), e);
            }
        }

        @Override
        public boolean isEmpty() {
            return components.isEmpty();
        }

        @Override
        public int size() {
            return components.size();
        }

        @Override
        public TemplateCollectionModel keys() throws TemplateModelException {
            return new SimpleCollection(List.copyOf(components.keySet()), wrapper);
        }

        @Override
        public TemplateCollectionModel values() throws TemplateModelException {
            List<Object> values = new ArrayList<>();
            for (String key : components.keySet()) values.add(get(key));
            return new SimpleCollection(values, wrapper);
        }

        @Override
        public Object getAdaptedObject(Class<?> hint) {
            return record;
        }

        @Override
        public Object getWrappedObject() {
            return record;
        }
    }

    /** A template mistake, as a diagnostic with the template's file and line. */
    public static final class TemplateProblem extends RuntimeException {
        private final transient Diagnostic diagnostic;

        public TemplateProblem(Diagnostic diagnostic) {
            super(diagnostic.toString(), null, false, false);
            this.diagnostic = diagnostic;
        }

        public Diagnostic diagnostic() {
            return diagnostic;
        }
    }
}
