package galley.model;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The URL slug rule of the content format: lower-cased, Latin accents folded ("Économie" ->
 * economie), apostrophes dropped ("Kyiv’s defense" -> kyivs-defense), letters and digits of every
 * script kept ("Київ" -> київ), every other run of characters one hyphen ("Trump & Russia" ->
 * trump-russia), no hyphen at either end.
 *
 * <p>Slugs name folders, so they must name the same folder on every file system (issue #19):
 * <ul>
 *   <li>default-ignorable code points (soft hyphen, zero-width joiners and spaces, variation
 *       selectors, the combining grapheme joiner, Hangul fillers, bidi controls, tag characters)
 *       are removed first: invisible, they would make visually identical twin tags;
 *   <li>case is folded fully (upper case, then lower case: "ſport" and "sport", "ΟΔΟΣ" and
 *       "οδοσ", the micro sign and "μ", "ﬁ" and "fi" give one slug), and the result is in NFC,
 *       so case-insensitive and normalising file systems (macOS, Windows) see one name;
 *   <li>a slug that is a name Windows reserves for devices (con, prn, aux, nul, com0-9,
 *       lpt0-9) gets an underscore: "con_" (no other name gives an underscore, so no other
 *       slug can collide with it);
 *   <li>a slug never ends with a dot or a space (it ends with a letter or digit).
 * </ul>
 * A slug longer than {@link #MAX_BYTES} bytes of UTF-8 is not cut: the readers report it at
 * the field it comes from ({@link #lengthProblem}).
 */
public final class Slug {

    /** Latin letters that Unicode does not decompose into base + accent, folded by hand. */
    private static final Map<Integer, String> LATIN_FOLDS = Map.ofEntries(
            Map.entry((int) 'ß', "ss"),
            Map.entry((int) 'æ', "ae"),
            Map.entry((int) 'œ', "oe"),
            Map.entry((int) 'ø', "o"),
            Map.entry((int) 'ł', "l"),
            Map.entry((int) 'đ', "d"),
            Map.entry((int) 'ð', "d"),
            Map.entry((int) 'þ', "th"),
            Map.entry((int) 'ħ', "h"),
            Map.entry((int) 'ı', "i"),
            Map.entry((int) 'ŀ', "l"));

    /** The rule's number: raised with every change to {@link #of}, so caches made under another rule are not used. */
    public static final int RULE = 3;

    /** The longest slug, in bytes of UTF-8: a folder name fits every file system with room to spare. */
    public static final int MAX_BYTES = 120;

    /** Device names Windows reserves, with or without an extension, in any case. */
    private static final Set<String> WINDOWS_RESERVED = reservedNames();

    private Slug() {}

    private static Set<String> reservedNames() {
        Set<String> names = new HashSet<>(List.of("con", "prn", "aux", "nul"));
        for (int i = 0; i <= 9; i++) {
            names.add("com" + i);
            names.add("lpt" + i);
        }
        for (String superscript : List.of("¹", "²", "³")) {
            names.add("com" + superscript);
            names.add("lpt" + superscript);
        }
        return Set.copyOf(names);
    }

    /**
     * True when Windows cannot create a file or folder named {@code name}: a reserved device name
     * (also with an extension, {@code con.txt}, and in any case), or a name ending in a dot or space.
     */
    public static boolean isReservedOnWindows(String name) {
        if (name.endsWith(".") || name.endsWith(" ")) return true;
        int dot = name.indexOf('.');
        String base = (dot < 0 ? name : name.substring(0, dot)).stripTrailing().toLowerCase(Locale.ROOT);
        return WINDOWS_RESERVED.contains(base);
    }

    /**
     * Why {@code slug} cannot be used, with the fix, or empty: too long ({@value #MAX_BYTES}
     * bytes of UTF-8 at most). {@code what} names its source, e.g. {@code tag "…"}.
     */
    public static Optional<String> lengthProblem(String what, String slug, String fix) {
        int bytes = slug.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= MAX_BYTES) return Optional.empty();
        return Optional.of(what + " gives a slug of " + bytes + " bytes; a slug may have at most " + MAX_BYTES
                + " bytes of UTF-8 (it names a folder): " + fix);
    }

    /** True when {@code slug} is no longer than {@link #MAX_BYTES} bytes of UTF-8. */
    public static boolean fits(String slug) {
        return lengthProblem("", slug, "").isEmpty();
    }

    public static String of(String name) {
        // Full case folding: upper case first, so that every spelling with the same capitals (ſ
        // and s, ς and σ, µ and μ) lowers to the same text. Java lowers Σ to ς or σ by what
        // surrounds it ("a Σ" and "a-Σ" differ), so every sigma is folded to σ here, as Unicode's
        // case folding does, and the slug's own word ends get ς at the end (withFinalSigma).
        String visible = withoutDefaultIgnorables(name);
        String lower = isAscii(visible)
                ? visible.toLowerCase(Locale.ROOT)
                : visible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT).replace('ς', 'σ');
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean pendingHyphen = false;
        int previousBase = -1;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK) {
                // Accents on Latin letters are dropped; marks of other scripts (the breve of
                // Cyrillic й) are part of the letter and kept.
                if (previousBase >= 0 && Character.UnicodeScript.of(previousBase) != Character.UnicodeScript.LATIN) {
                    out.appendCodePoint(cp);
                }
                continue;
            }
            if (isApostrophe(cp)) continue;
            if (Character.isLetterOrDigit(cp)) {
                if (pendingHyphen && out.length() > 0) out.append('-');
                pendingHyphen = false;
                String fold = LATIN_FOLDS.get(cp);
                if (fold != null) out.append(fold);
                else out.appendCodePoint(cp);
                previousBase = cp;
            } else {
                pendingHyphen = true;
                previousBase = -1;
            }
        }
        String slug = withFinalSigma(Normalizer.normalize(out, Normalizer.Form.NFC));
        return WINDOWS_RESERVED.contains(slug) ? slug + "_" : slug;
    }

    /**
     * Greek spelling in the slug: σ at the end of a word (a letter before it, none after) is
     * written ς, as Greek readers expect in a URL ("οδος", not "οδοσ"). Applied to the slug
     * itself, after every sigma was folded to σ, so the result depends only on the slug's letters:
     * the same for every spelling of a name, and a slug is its own slug.
     */
    private static String withFinalSigma(String slug) {
        if (slug.indexOf('σ') < 0) return slug;
        char[] chars = slug.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] != 'σ' || i == 0 || !Character.isLetter(slug.codePointBefore(i))) continue;
            boolean wordGoesOn = i + 1 < chars.length && Character.isLetter(slug.codePointAt(i + 1));
            if (!wordGoesOn) chars[i] = 'ς';
        }
        return new String(chars);
    }

    /**
     * {@code text} without the code points Unicode says to ignore when they cannot be shown
     * (Default_Ignorable_Code_Point, Unicode 15).
     */
    static String withoutDefaultIgnorables(String text) {
        int i = 0;
        while (i < text.length() && !isDefaultIgnorable(text.codePointAt(i)))
            i += Character.charCount(text.codePointAt(i));
        if (i == text.length()) return text; // the usual case: nothing to remove, nothing copied
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, i);
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!isDefaultIgnorable(cp)) out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) return false;
        }
        return true;
    }

    static boolean isDefaultIgnorable(int cp) {
        if (cp < 0xAD) return false;
        return cp == 0x00AD
                || cp == 0x034F
                || cp == 0x061C
                || cp == 0x115F
                || cp == 0x1160
                || cp == 0x17B4
                || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F)
                || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF
                || cp == 0xFFA0
                || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
                || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    /** True when {@code slug} is already in slug form (non-empty and unchanged by {@link #of}). */
    public static boolean isValid(String slug) {
        return !slug.isEmpty() && of(slug).equals(slug);
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '’' || cp == 'ʼ' || cp == '‘' || cp == '`' || cp == '´';
    }
}
