package galley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a synthetic news archive in the content format (docs/content-format.md) for tests that
 * need an archive of some size: hundreds or thousands of articles over four years (2021-11-26 to
 * 2025-11-25, Europe/Kyiv, so summer and winter offsets), in eight sections, with Zipf-distributed
 * tags (some with accents, ampersands and apostrophes), authors with and without photos and
 * links, section and tag description files, hero images and images in bodies (small valid JPEGs
 * under content/media/), summaries, updates, corrections, slug overrides, aliases, a few bare
 * dates, drafts and scheduled articles, and bodies with headings, quotes, lists, tables,
 * footnotes, strikethrough, autolinks, external links and links to earlier articles (as site
 * paths and as relative links to their files).
 *
 * <p>Everything is a pure function of the seed and the article count: same arguments, same
 * bytes. The archive builds without a single diagnostic at {@link #NOW}; its newest published
 * article is dated {@link #NEWEST}. {@link #addLatest} adds one article after it (the deploy-churn
 * case). The text is made of a small vocabulary; it is not real news.
 */
public final class ArchiveGenerator {

    public static final String TITLE = "The Kyiv Ledger — Archive";
    public static final String BASE_URL = "https://archive.example.org/";
    public static final ZoneId ZONE = ZoneId.of("Europe/Kyiv");
    public static final int PAGE_SIZE = 20;
    /** The build time the archive is meant for: after every published article, before every scheduled one. */
    public static final String NOW = "2025-11-26T00:00:00+02:00";
    /** The newest published article of a generated archive. */
    public static final LocalDateTime NEWEST = LocalDateTime.of(2025, 11, 25, 21, 45);
    /** The date of the article {@link #addLatest} adds. */
    public static final LocalDateTime ADDED = LocalDateTime.of(2025, 11, 25, 23, 40);

    static final LocalDate FIRST_DAY = LocalDate.of(2021, 11, 26);
    static final LocalDate LAST_DAY = NEWEST.toLocalDate();

    private final int articles;
    private long seed = 1;
    private int meanWords = 260;

    private ArchiveGenerator(int articles) {
        if (articles < 1) throw new IllegalArgumentException("articles: " + articles);
        this.articles = articles;
    }

    /** An archive of {@code n} article files (drafts and scheduled articles included). */
    public static ArchiveGenerator articles(int n) {
        return new ArchiveGenerator(n);
    }

    public ArchiveGenerator seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The typical body length in words (bodies run from a third of it to about 2.5 times it). */
    public ArchiveGenerator meanWords(int words) {
        this.meanWords = Math.max(30, words);
        return this;
    }

    /** What was written. */
    public record Summary(
            int published,
            int drafts,
            int scheduled,
            int authors,
            int sections,
            int tagsUsed,
            int aliases,
            int corrections,
            int images,
            String newestUrl) {}

    // ------------------------------------------------------------------ vocabulary

    private static final String[] FILLER = ("the the the the of of of to to and and a a in in on for for with "
                    + "as by at from that this was was is has had will would said said says after before over under "
                    + "about into more than while during since which who their its also not but new two three first last")
            .split(" ");

    private static final String[] WORDS = ("council harbour ferry budget tram bridge mayor district residents "
                    + "schools teachers hospital clinic doctors nurses water heating grid outage repairs pipes depot "
                    + "market traders prices wages rent housing flats tenants builders permit plan vote deputies court "
                    + "judge ruling appeal police patrol fire crews storm flood river bank dam pier cargo port shipyard "
                    + "workers union strike talks deal contract tender audit report survey figures data census library "
                    + "museum gallery theatre festival concert choir stadium league match coach season fans club park "
                    + "trees cyclists buses drivers fares timetable station platform tunnel road traffic lights winter "
                    + "summer spring autumn morning evening week month year decade record increase decline shortage "
                    + "supply demand investors loan bonds tax levy grant fund charity volunteers shelter kitchen bakery "
                    + "quay lighthouse island ferrymen fishermen catch weather forecast snow ice heatwave drought")
            .split(" ");

    private static final String[] VERBS = ("approves delays opens rejects weighs backs plans warns cuts expands "
                    + "reopens closes doubles halves names probes reviews signs funds blocks revives pauses restores "
                    + "tightens eases questions defends unveils scraps extends")
            .split(" ");

    private static final String[] HEADLINE_PREFIXES = {
        "Analysis:", "Explainer:", "Opinion:", "Q&A:", "In pictures:", "Fact check:"
    };

    /** The most used tags, most used first. */
    private static final String[] HEAD_TAGS = {
        "City Council", "Harbour", "Budget", "Transport", "Weather", "Schools", "Energy", "Housing",
        "Courts", "Health", "Trams & Buses", "Elections", "Mayor’s Office", "Police", "Économie", "Ferries",
        "Water Supply", "Culture", "Football", "Q&A", "Heating", "Museums", "Climate", "Jobs",
        "Science & Research", "Rock 'n' Roll", "Café Culture", "Zürich Twinning", "Old Town", "R&D",
    };

    private static final String[] MORE_TAGS = {
        "Bridges",
        "Parks",
        "Tourism",
        "Markets",
        "Libraries",
        "Cycling",
        "Rents",
        "Pensions",
        "Taxes",
        "Fishing",
        "Shipping",
        "Floods",
        "Storms",
        "Wildlife",
        "Festivals",
        "Theatre",
        "Music",
        "Chess",
        "Rowing",
        "Basketball",
        "Volunteers",
        "Charities",
        "Audits",
        "Tenders",
        "Strikes",
        "Unions",
        "Night Buses",
        "Snow Clearing",
        "Street Lights",
        "Recycling",
        "Air Quality",
        "Noise",
        "Sewers",
        "Hospitals",
        "Vaccines",
        "Universities",
        "Kindergartens",
        "Exams",
        "Archives",
        "Monuments",
        "Crème Brûlée Contest",
        "Fiancée Visas",
        "Naïve Art",
        "Señora Film Week",
        "Déjà Vu Politics",
        "Kraków Partnership",
        "Málaga Ferry Line",
        "Île de Ré Exchange",
        "Plzeň Brewers",
        "Brașov Choir",
    };

    private static final String[] PLACES = {
        "Riverside",
        "Northgate",
        "Saltmarsh",
        "Eastbank",
        "Millbrook",
        "Quayside",
        "Hillcrest",
        "Ashford",
        "Linden Park",
        "Stonebridge",
        "Westport",
        "Fairhaven",
        "Redcliff",
        "Oakhollow",
        "Brightwater",
        "Elmstead",
        "Kingsmoor",
        "Larkspur",
        "Marlow Heights",
        "Seabrook",
    };

    private static final String[] PLACE_SUFFIXES = {"District", "Station", "Market", "Depot", "Pier", "School", "Bridge"
    };

    private static final String[] FIRST_NAMES = {
        "Ann", "Oksana", "Marta", "Iryna", "Sofia", "Clara", "Nina", "Zoë", "Chloé", "Inés", "Hélène", "Dóra",
        "Taras", "Bohdan", "Petro", "Marco", "Jonas", "Pierre", "René", "José", "Tomás", "Gábor", "Kenji", "Omar",
    };

    private static final String[] LAST_NAMES = {
        "Lee",
        "Koval",
        "Melnyk",
        "Hrytsenko",
        "Savchuk",
        "Moroz",
        "Bondar",
        "Weber",
        "Fischer",
        "Dubois",
        "Girard",
        "García",
        "Núñez",
        "Rossi",
        "Greco",
        "Novák",
        "Dvořák",
        "Horváth",
        "Szabó",
        "Popescu",
        "Nielsen",
        "O'Brien",
        "McCarthy",
        "Tanaka",
        "Park",
    };

    private static final String[] ROLES = {
        "Reporter", "News Editor", "City Correspondent", "Business Reporter", "Opinion Editor", "Culture Editor",
        "Photo Editor", "Data Journalist", "Sports Reporter", "Science Writer", "Staff Writer", "Freelance Contributor",
    };

    private static final String[] AGENCIES = {
        "Staff photo", "Harbour Pictures", "Pool", "Courtesy photo", "Handout", "Lantern Images"
    };

    private record Section(String name, int weight, boolean hasFile) {}

    private static final List<Section> SECTIONS = List.of(
            new Section("City", 18, true),
            new Section("Politics", 17, true),
            new Section("Business", 14, true),
            new Section("World", 12, false),
            new Section("Opinion", 8, true),
            new Section("Culture", 9, false),
            new Section("Science & Tech", 8, true),
            new Section("Sport", 7, false));

    private static final int TAG_FILES = 12;
    private static final int AUTHORS = 24;

    /** Tags (most used first), authors and their order of activity: a function of the seed alone. */
    private static final class Vocabulary {
        final List<String> tags = new ArrayList<>();
        final List<String[]> authors = new ArrayList<>(); // {slug, name, role}
        final Zipf tagRank;
        final Zipf authorRank;

        Vocabulary(long seed) {
            Random r = new Random(seed ^ 0x5EEDL);
            Set<String> slugs = new HashSet<>();
            for (String t : HEAD_TAGS) addTag(t, slugs);
            List<String> rest = new ArrayList<>();
            for (String t : MORE_TAGS) rest.add(t);
            for (String p : PLACES) {
                rest.add(p);
                for (String s : PLACE_SUFFIXES) if (r.nextInt(10) < 3) rest.add(p + " " + s);
            }
            Set<String> people = new LinkedHashSet<>();
            while (people.size() < 200) people.add(pick(r, FIRST_NAMES) + " " + pick(r, LAST_NAMES));
            rest.addAll(people);
            Collections.shuffle(rest, r);
            for (String t : rest) addTag(t, slugs);
            // Authors: other people than the tags name.
            Set<String> authorSlugs = new HashSet<>(slugs);
            while (authors.size() < AUTHORS) {
                String name = pick(r, FIRST_NAMES) + " " + pick(r, LAST_NAMES);
                String slug = slug(name);
                if (authorSlugs.add(slug)) authors.add(new String[] {slug, name, ROLES[authors.size() % ROLES.length]});
            }
            Collections.shuffle(authors, r); // the most active author is not the first file
            tagRank = new Zipf(tags.size(), 1.0);
            authorRank = new Zipf(authors.size(), 0.7);
        }

        private void addTag(String name, Set<String> slugs) {
            if (slugs.add(slug(name))) tags.add(name);
        }
    }

    private static final class Zipf {
        final double[] cumulative;

        Zipf(int n, double s) {
            cumulative = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) cumulative[i] = sum += 1 / Math.pow(i + 1, s);
        }

        int draw(Random r) {
            double x = r.nextDouble() * cumulative[cumulative.length - 1];
            int i = Arrays.binarySearch(cumulative, x);
            return Math.min(i < 0 ? -i - 1 : i, cumulative.length - 1);
        }
    }

    // ------------------------------------------------------------------ writing an archive

    /** An article as planned: where it lives, what it is called, when it is dated. */
    private record Planned(String kind, ZonedDateTime date, boolean bareDate, String file, String slug) {
        String url() {
            return "/" + date.toLocalDate().format(DAY_PATH) + "/" + slug + "/";
        }
    }

    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);
    private static final DateTimeFormatter MONTH_PATH = DateTimeFormatter.ofPattern("yyyy/MM", Locale.ROOT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    /** Writes {@code root/content/} (deleting an earlier one first). */
    public Summary writeTo(Path root) {
        try {
            return write(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Summary write(Path root) throws IOException {
        Path content = root.resolve("content");
        deleteTree(content);
        Files.createDirectories(content.resolve("articles"));
        Vocabulary v = new Vocabulary(seed);
        Random r = new Random(seed);
        Text text = new Text(r, meanWords);

        write(
                content.resolve("site.yaml"),
                "title: \"" + TITLE + "\"\nbase_url: " + BASE_URL + "\nlanguage: en\ntimezone: " + ZONE
                        + "\npage_size: " + PAGE_SIZE + "\npermalink: /:year/:month/:day/:slug/\n");
        for (int i = 0; i < v.authors.size(); i++) writeAuthor(content, v.authors.get(i), i, text);
        for (Section s : SECTIONS) {
            if (!s.hasFile()) continue;
            String summary =
                    s.weight() > 10 ? "summary: " + quoted(text.sentence(List.of(s.name()), 6, 12)) + "\n" : "";
            write(
                    content.resolve("sections/" + slug(s.name()) + ".md"),
                    "---\nname: " + yaml(s.name()) + "\n" + summary + "---\n" + text.sentence(List.of(s.name()), 10, 20)
                            + " " + text.sentence(List.of(), 8, 16) + "\n");
        }
        for (int i = 0; i < TAG_FILES; i++) {
            String tag = v.tags.get(i);
            String summary = i % 3 == 0 ? "summary: " + quoted(text.sentence(List.of(tag), 6, 12)) + "\n" : "";
            write(
                    content.resolve("tags/" + slug(tag) + ".md"),
                    "---\nname: " + yaml(tag) + "\n" + summary + "---\n" + text.sentence(List.of(tag), 10, 24) + "\n");
        }

        int drafts = articles >= 50 ? Math.max(2, Math.round(articles * 0.002f)) : 0;
        int scheduled = articles >= 50 ? Math.max(2, Math.round(articles * 0.001f)) : 0;
        int published = articles - drafts - scheduled;
        List<LocalDateTime> dates = publishedDates(r, published);
        Map<String, Set<String>> usedInMonth = new HashMap<>();
        List<Planned> linkable = new ArrayList<>();
        Set<String> aliases = new HashSet<>();
        Set<String> tagsUsed = new HashSet<>();
        int[] counts = new int[3]; // corrections, images, unused
        String newestUrl = null;
        for (int i = 0; i < articles; i++) {
            String kind;
            LocalDateTime local;
            if (i < published) {
                kind = "published";
                local = dates.get(i);
            } else if (i < published + drafts) {
                kind = "draft";
                local = dates.isEmpty()
                        ? NEWEST
                        : dates.get(r.nextInt(dates.size())).minusMinutes(7);
            } else {
                kind = "scheduled";
                local = LocalDateTime.of(
                        LAST_DAY.plusDays(1 + r.nextInt(36)), LocalTime.of(6 + r.nextInt(15), r.nextInt(60)));
            }
            List<String> tags = pickTags(r, v);
            Article a = article(
                    r,
                    v,
                    text,
                    kind,
                    local,
                    tags,
                    usedInMonth.computeIfAbsent(local.format(MONTH_PATH), k -> new HashSet<>()),
                    linkable,
                    aliases,
                    i < published - 1);
            write(content.resolve(a.planned.file()), a.source);
            for (String media : a.media) writeMedia(content, media);
            if (kind.equals("published")) {
                linkable.add(a.planned);
                tagsUsed.addAll(tags);
                newestUrl = a.planned.url();
            }
            if (a.source.contains("\ncorrections:\n")) counts[0]++;
            counts[1] += a.media.size();
        }
        return new Summary(
                published,
                drafts,
                scheduled,
                v.authors.size(),
                SECTIONS.size(),
                tagsUsed.size(),
                aliases.size(),
                counts[0],
                counts[1],
                newestUrl);
    }

    /**
     * Adds one article to an archive this class wrote, dated {@link #ADDED} (after every other
     * published article), tagged with the five most used tags of the vocabulary, in the largest
     * section, by the most active author, with a hero image. Returns its file.
     */
    public static Path addLatest(Path root) {
        return addLatest(root, 1);
    }

    public static Path addLatest(Path root, long seed) {
        try {
            Vocabulary v = new Vocabulary(seed);
            Random r = new Random(seed * 7919 + 17);
            Text text = new Text(r, 260);
            Path content = root.resolve("content");
            Path month = content.resolve("articles/" + ADDED.format(MONTH_PATH));
            Files.createDirectories(month);
            Set<String> used = new HashSet<>();
            List<Planned> linkable = new ArrayList<>();
            Pattern date = Pattern.compile("(?m)^date: (\\S+)$");
            Pattern slugLine = Pattern.compile("(?m)^slug: (\\S+)$");
            try (Stream<Path> files = Files.list(month)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (!name.endsWith(".md")) continue;
                    String fm = Files.readString(f).split("\n---\n", 2)[0];
                    Matcher d = date.matcher(fm);
                    Matcher s = slugLine.matcher(fm);
                    String fileSlug = name.substring(0, name.length() - 3);
                    String slug = s.find() ? s.group(1) : fileSlug;
                    used.add(fileSlug);
                    used.add(slug);
                    if (fm.contains("\ndraft: true") || !d.find()) continue;
                    ZonedDateTime when = d.group(1).length() == 10
                            ? LocalDate.parse(d.group(1)).atStartOfDay(ZONE)
                            : ZonedDateTime.parse(d.group(1), ISO);
                    if (when.isAfter(NEWEST.atZone(ZONE))) continue;
                    linkable.add(new Planned(
                            "published", when, false, "articles/" + ADDED.format(MONTH_PATH) + "/" + name, slug));
                }
            }
            linkable.sort(Comparator.comparing(Planned::date));
            Article a =
                    article(r, v, text, "latest", ADDED, v.tags.subList(0, 5), used, linkable, new HashSet<>(), false);
            write(content.resolve(a.planned.file()), a.source);
            for (String media : a.media) writeMedia(content, media);
            return content.resolve(a.planned.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publication times between {@link #FIRST_DAY} and {@link #LAST_DAY}, more on weekdays and in later years; the last is {@link #NEWEST}. */
    private static List<LocalDateTime> publishedDates(Random r, int n) {
        int days = (int) (LAST_DAY.toEpochDay() - FIRST_DAY.toEpochDay()) + 1;
        double[] cumulative = new double[days];
        double sum = 0;
        for (int i = 0; i < days; i++) {
            LocalDate d = FIRST_DAY.plusDays(i);
            sum += (d.getDayOfWeek().getValue() <= 5 ? 1.0 : 0.5) * (0.75 + 0.5 * i / days);
            cumulative[i] = sum;
        }
        int[] hourWeights = {1, 1, 1, 1, 1, 2, 5, 9, 12, 12, 12, 12, 12, 12, 12, 12, 11, 10, 9, 8, 7, 5, 3, 2};
        int hourTotal = 0;
        for (int w : hourWeights) hourTotal += w;
        List<LocalDateTime> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = Arrays.binarySearch(cumulative, r.nextDouble() * sum);
            LocalDate day = FIRST_DAY.plusDays(Math.min(i < 0 ? -i - 1 : i, days - 1));
            int h = 0;
            for (int x = r.nextInt(hourTotal); x >= hourWeights[h]; h++) x -= hourWeights[h];
            LocalDateTime t =
                    LocalDateTime.of(day, LocalTime.of(h, r.nextInt(60), r.nextInt(4) == 0 ? r.nextInt(60) : 0));
            out.add(t.isBefore(NEWEST) ? t : NEWEST.minusMinutes(1 + r.nextInt(600)));
        }
        out.sort(null);
        if (n > 0) out.set(n - 1, NEWEST);
        return out;
    }

    private static List<String> pickTags(Random r, Vocabulary v) {
        int n = 3 + r.nextInt(8);
        Set<String> chosen = new LinkedHashSet<>();
        while (chosen.size() < n) chosen.add(v.tags.get(v.tagRank.draw(r)));
        return new ArrayList<>(chosen);
    }

    private record Article(Planned planned, String source, List<String> media) {}

    private static Article article(
            Random r,
            Vocabulary v,
            Text text,
            String kind,
            LocalDateTime local,
            List<String> tags,
            Set<String> used,
            List<Planned> linkable,
            Set<String> aliases,
            boolean mayBeBare) {
        boolean latest = kind.equals("latest");
        String section;
        if (latest) {
            section = SECTIONS.get(0).name();
        } else {
            int x = r.nextInt(SECTIONS.stream().mapToInt(Section::weight).sum());
            int s = 0;
            while (x >= SECTIONS.get(s).weight()) x -= SECTIONS.get(s++).weight();
            section = SECTIONS.get(s).name();
        }
        List<String> authors = new ArrayList<>();
        int nAuthors = latest ? 1 : r.nextInt(100) < 82 ? 1 : r.nextInt(100) < 80 ? 2 : 3;
        while (authors.size() < nAuthors) {
            String a = v.authors.get(latest ? 0 : v.authorRank.draw(r))[0];
            if (!authors.contains(a)) authors.add(a);
        }
        List<String> nouns = new ArrayList<>(tags);
        nouns.add(v.tags.get(r.nextInt(v.tags.size())));
        String title = text.title(nouns);
        String file = fileName(r, title, used);
        String slug = file;
        if (!latest && r.nextInt(50) == 0) slug = fileName(r, text.title(nouns), used);

        boolean bare = mayBeBare && kind.equals("published") && r.nextInt(300) == 0;
        ZonedDateTime date = (bare ? local.toLocalDate().atStartOfDay() : local).atZone(ZONE);
        String month = date.toLocalDate().format(MONTH_PATH);
        Planned planned = new Planned(kind, date, bare, "articles/" + month + "/" + file + ".md", slug);
        ZonedDateTime newest = NEWEST.atZone(ZONE);

        List<String> media = new ArrayList<>();
        StringBuilder fm = new StringBuilder("---\n");
        fm.append("title: ").append(quoted(title)).append('\n');
        fm.append("date: ")
                .append(bare ? date.toLocalDate().toString() : ISO.format(date))
                .append('\n');
        if (!latest && r.nextInt(100) < 15) {
            ZonedDateTime updated = date.plusMinutes(20 + r.nextInt(60 * 30));
            if (kind.equals("published") && updated.isAfter(newest)) updated = newest;
            if (updated.isAfter(date))
                fm.append("updated: ").append(ISO.format(updated)).append('\n');
        }
        fm.append("section: ").append(yaml(section)).append('\n');
        fm.append("authors: [").append(String.join(", ", authors)).append("]\n");
        fm.append("tags: [")
                .append(String.join(
                        ", ", tags.stream().map(ArchiveGenerator::yaml).toList()))
                .append("]\n");
        if (latest || r.nextInt(100) < 60)
            fm.append("summary: ").append(quoted(text.sentence(nouns, 12, 28))).append('\n');
        if (latest || r.nextInt(100) < 70) {
            String src = "/media/" + month + "/" + cut(file, 40) + "-" + (1 + r.nextInt(9)) + ".jpg";
            media.add(src);
            fm.append("image:\n  src: ").append(src).append('\n');
            fm.append("  alt: ")
                    .append(quoted(strip(text.sentence(nouns, 4, 10))))
                    .append('\n');
            fm.append("  caption: ")
                    .append(quoted(strip(text.sentence(nouns, 10, 24)) + " on "
                            + date.toLocalDate().format(DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH))
                            + "."))
                    .append('\n');
            fm.append("  credit: ")
                    .append(quoted(pick(r, FIRST_NAMES) + " " + pick(r, LAST_NAMES) + " / " + pick(r, AGENCIES)))
                    .append('\n');
        }
        if (!slug.equals(file)) fm.append("slug: ").append(slug).append('\n');
        if (kind.equals("draft")) fm.append("draft: true\n");
        if (kind.equals("published") && r.nextInt(100) < 2) {
            String alias;
            do alias = "/story/" + (100000 + r.nextInt(900000)) + "/";
            while (!aliases.add(alias));
            fm.append("aliases: [").append(alias).append("]\n");
        }
        if (kind.equals("published") && r.nextInt(100) < 3) {
            ZonedDateTime corrected = date.plusHours(2 + r.nextInt(72));
            if (corrected.isAfter(newest)) corrected = newest;
            fm.append("corrections:\n  - date: ")
                    .append(ISO.format(corrected))
                    .append("\n    text: ")
                    .append(quoted("An earlier version of this article misnamed the " + pick(r, WORDS) + "."))
                    .append('\n');
        }
        if (!latest && r.nextInt(100) < 4)
            fm.append("location: ").append(pick(r, PLACES)).append('\n');
        fm.append("---\n");
        String body = body(r, text, nouns, planned, linkable, media);
        return new Article(planned, fm + body, media);
    }

    /** A file name from the title: its first words as a slug, unique in its month. */
    private static String fileName(Random r, String title, Set<String> used) {
        List<String> words = new ArrayList<>(List.of(slug(title).split("-")));
        if (r.nextInt(10) < 6) {
            List<String> kept = words.stream()
                    .filter(w -> !Set.of("the", "a", "of", "to", "in", "on", "for", "and", "as", "at", "with", "by")
                            .contains(w))
                    .toList();
            if (!kept.isEmpty()) words = new ArrayList<>(kept);
        }
        String base = String.join("-", words.subList(0, Math.min(words.size(), 3 + r.nextInt(5))));
        if (base.isEmpty()) base = "article";
        String name = base;
        for (int i = 2; !used.add(name); i++) name = base + "-" + i;
        return name;
    }

    private static String body(
            Random r, Text text, List<String> nouns, Planned self, List<Planned> linkable, List<String> media) {
        int target = (int) (text.meanWords * (0.35 + 2.2 * Math.pow(r.nextDouble(), 2)));
        List<String> blocks = new ArrayList<>();
        boolean footnote = r.nextInt(100) < 5;
        boolean table = r.nextInt(100) < 4;
        boolean quote = r.nextInt(100) < 40;
        boolean list = r.nextInt(100) < 25;
        boolean image = r.nextInt(100) < 5;
        int words = 0;
        for (int p = 1; words < target; p++) {
            if (p > 3 && p % 4 == 0) blocks.add("## " + strip(text.title(nouns)));
            if (quote && p == 2) {
                blocks.add("> “" + strip(text.sentence(nouns, 8, 20)) + ",” said " + pick(r, FIRST_NAMES) + " "
                        + pick(r, LAST_NAMES) + ".");
                words += 15;
            }
            if (list && p == 3) {
                String bullet = r.nextBoolean() ? "-" : "1.";
                int items = 3 + r.nextInt(3);
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < items; i++)
                    b.append(i == 0 ? "" : "\n").append(bullet).append(' ').append(text.sentence(nouns, 4, 10));
                blocks.add(b.toString());
                words += 7 * items;
            }
            if (table && p == 4) blocks.add(table(r, nouns));
            if (image && p == 2) {
                String src = "/media/" + self.date().toLocalDate().format(MONTH_PATH) + "/" + cut(self.slug(), 30)
                        + "-inline.jpg";
                media.add(src);
                blocks.add("![" + strip(text.sentence(nouns, 3, 7)) + "](" + src + ")");
            }
            List<String> sentences = new ArrayList<>();
            for (int i = 1 + r.nextInt(5); i >= 0; i--) sentences.add(text.sentence(nouns, 8, 22));
            int kind = r.nextInt(100);
            if (kind < 30 && !linkable.isEmpty()) {
                // Mostly a recent article, sometimes anything older; as its URL or as its file.
                Planned target2 = r.nextInt(10) < 7
                        ? linkable.get(Math.max(0, linkable.size() - 1 - r.nextInt(Math.min(150, linkable.size()))))
                        : linkable.get(r.nextInt(linkable.size()));
                String href = r.nextBoolean() ? target2.url() : relative(self.file(), target2.file());
                sentences.set(0, wrapWords(r, sentences.get(0), "[", "](" + href + ")"));
            } else if (kind < 40) {
                sentences.set(
                        0,
                        wrapWords(
                                r,
                                sentences.get(0),
                                "[",
                                "](https://example." + pick(r, new String[] {"com", "org", "net"}) + "/"
                                        + pick(r, WORDS) + "-" + pick(r, WORDS) + ")"));
            } else if (kind < 43) {
                sentences.add("The full report: https://example.org/documents/" + (1000 + r.nextInt(90000)) + ".");
            } else if (kind < 50) {
                String mark = r.nextBoolean() ? "**" : "*";
                sentences.set(0, wrapWords(r, sentences.get(0), mark, mark));
            } else if (kind < 52) {
                sentences.set(0, "~~" + strip(sentences.get(0)) + "~~ (corrected).");
            }
            if (footnote && p == 2) sentences.set(0, sentences.get(0) + "[^1]");
            String paragraph = String.join(" ", sentences);
            blocks.add(paragraph);
            words += paragraph.split(" ").length;
        }
        if (footnote && blocks.stream().anyMatch(b -> b.contains("[^1]")))
            blocks.add("[^1]: " + text.sentence(nouns, 6, 14));
        return String.join("\n\n", blocks) + "\n";
    }

    /** Wraps two to four words in the middle of a sentence (before its final punctuation) in {@code open} and {@code close}. */
    private static String wrapWords(Random r, String sentence, String open, String close) {
        String[] w = strip(sentence).split(" ");
        if (w.length < 6) return sentence;
        int from = 1 + r.nextInt(w.length - 5);
        int to = from + 2 + r.nextInt(3);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            if (i > 0) b.append(' ');
            if (i == from) b.append(open);
            b.append(w[i].replace(",", ""));
            if (i == to - 1) b.append(close);
        }
        return b + sentence.substring(sentence.length() - 1);
    }

    private static String table(Random r, List<String> nouns) {
        StringBuilder b = new StringBuilder("| Item | 2024 | 2025 | Change |\n| --- | ---: | ---: | ---: |");
        for (int i = 0, rows = 3 + r.nextInt(4); i < rows; i++) {
            int before = 10 + r.nextInt(9990);
            int after = 10 + r.nextInt(9990);
            b.append(String.format(
                    Locale.ROOT,
                    "%n| %s | %,d | %,d | %+d%% |",
                    nouns.get(r.nextInt(nouns.size())),
                    before,
                    after,
                    (after - before) * 100 / before));
        }
        return b.toString().replace("\r\n", "\n");
    }

    /** The link from one article file to another (both relative to content/), as a relative path. */
    static String relative(String from, String to) {
        String[] a = from.split("/");
        String[] b = to.split("/");
        int common = 0;
        while (common < a.length - 1 && common < b.length - 1 && a[common].equals(b[common])) common++;
        StringBuilder s = new StringBuilder();
        for (int i = common; i < a.length - 1; i++) s.append("../");
        for (int i = common; i < b.length; i++) s.append(b[i]).append(i < b.length - 1 ? "/" : "");
        return s.toString();
    }

    private static void writeAuthor(Path content, String[] author, int i, Text text) throws IOException {
        String slug = author[0];
        StringBuilder fm = new StringBuilder("---\nname: ")
                .append(yaml(author[1]))
                .append("\nrole: ")
                .append(author[2])
                .append('\n');
        if (i % 2 == 0) {
            fm.append("photo: /media/authors/").append(slug).append(".jpg\n");
            writeMedia(content, "/media/authors/" + slug + ".jpg");
        }
        if (i % 3 == 0) {
            fm.append("links: { x: \"https://x.example/")
                    .append(slug.replace('-', '_'))
                    .append("\", email: \"")
                    .append(slug)
                    .append("@newsroom.example\" }\n");
        }
        fm.append("---\n");
        String first = author[1].split(" ")[0];
        fm.append(author[1])
                .append(" is a ")
                .append(author[2].toLowerCase(Locale.ROOT))
                .append(" at the newsroom. ")
                .append(first)
                .append(" has covered the ")
                .append(pick(text.r, WORDS))
                .append(" and the ")
                .append(pick(text.r, WORDS))
                .append(" for *")
                .append(AGENCIES[i % AGENCIES.length])
                .append("* and, since ")
                .append(2010 + i % 14)
                .append(", for [this paper](https://example.org/about). ")
                .append(text.sentence(List.of(author[1]), 8, 16))
                .append('\n');
        write(content.resolve("authors/" + slug + ".md"), fm.toString());
    }

    // ------------------------------------------------------------------ text

    private static final class Text {
        final Random r;
        final int meanWords;

        Text(Random r, int meanWords) {
            this.r = r;
            this.meanWords = meanWords;
        }

        String word() {
            return r.nextInt(5) < 2 ? pick(r, FILLER) : pick(r, WORDS);
        }

        String sentence(List<String> nouns, int min, int max) {
            int n = min + r.nextInt(max - min + 1);
            List<String> w = new ArrayList<>(n);
            for (int i = 0; i < n; i++) w.add(word());
            if (!nouns.isEmpty() && r.nextInt(3) == 0) w.set(r.nextInt(n), nouns.get(r.nextInt(nouns.size())));
            if (n > 10 && r.nextInt(5) < 2) {
                int i = 3 + r.nextInt(n - 5);
                w.set(i, w.get(i) + ",");
            }
            String s = String.join(" ", w);
            return Character.toUpperCase(s.charAt(0)) + s.substring(1) + (r.nextInt(15) == 0 ? "?" : ".");
        }

        String title(List<String> nouns) {
            int n = 5 + r.nextInt(8);
            List<String> w = new ArrayList<>();
            if (r.nextInt(12) == 0) w.add(pick(r, HEADLINE_PREFIXES));
            w.add(nouns.get(r.nextInt(nouns.size())));
            w.add(pick(r, VERBS));
            while (w.size() < n) w.add(r.nextInt(4) == 0 ? nouns.get(r.nextInt(nouns.size())) : word());
            String t = String.join(" ", w);
            t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
            int q = r.nextInt(100);
            if (q < 4) t = t.replaceFirst(" (\\S+)$", " \"$1\""); // straight quotes inside
            else if (q < 8) t = t.replaceFirst(" (\\S+)$", " ‘$1’"); // typographic quotes
            else if (q < 12) t += "?";
            return t;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The content format's slug rule, for the names this class writes (letters that fold to ASCII). */
    static String slug(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("['’‘]", "");
        return folded.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");
    private static final Pattern PLAIN = Pattern.compile("\\p{L}[\\p{L}\\p{N} .&'’-]*[\\p{L}\\p{N}.]");

    /** A name as a newsroom would type it in YAML: plain where that is unambiguous, else double-quoted. */
    static String yaml(String s) {
        return PLAIN.matcher(s).matches() && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT)) ? s : quoted(s);
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String strip(String sentence) {
        return sentence.replaceAll("[.?,]+$", "");
    }

    private static String cut(String slug, int max) {
        return slug.length() <= max ? slug : slug.substring(0, max).replaceAll("-+$", "");
    }

    private static String pick(Random r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    /** A 16×9 grey JPEG: every image the archive references exists and decodes. */
    private static final byte[] JPEG = HexFormat.of()
            .parseHex(
                    "ffd8ffe000104a46494600010200000100010000ffdb0043001b12141714111b1716171e1c1b2028432b28252528523a3e3043615566645f"
                            + "555d5c6b7899826b7191735c5d85b687919ea3acadac6780bccabba7c899a8aca5ffc0000b080009001001011100ffc4001f000001050101"
                            + "0101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d0102030004110512213141"
                            + "0613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a53"
                            + "5455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7"
                            + "b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00a96b174ad8"
                            + "b58ba5675af6ad8b5ed5ffd9");

    private static void writeMedia(Path content, String src) throws IOException {
        Path file = content.resolve(src.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, JPEG);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Writes an archive: {@code java ArchiveGenerator ARTICLES DIR [SEED]} (for looking at one by hand). */
    public static void main(String[] args) {
        Summary s = articles(Integer.parseInt(args[0]))
                .seed(args.length > 2 ? Long.parseLong(args[2]) : 1)
                .writeTo(Path.of(args[1]));
        System.out.println(s);
    }
}
