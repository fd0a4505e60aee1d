package galley.model;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * The URL slug rule of the content format: lower-cased, Latin accents folded ("Économie" ->
 * economie), apostrophes dropped ("Kyiv’s defense" -> kyivs-defense), letters and digits of every
 * script kept ("Київ" -> київ), every other run of characters one hyphen ("Trump & Russia" ->
 * trump-russia), no hyphen at either end.
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

    private Slug() {}

    public static String of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
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
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    /** True when {@code slug} is already in slug form (non-empty and unchanged by {@link #of}). */
    public static boolean isValid(String slug) {
        return !slug.isEmpty() && of(slug).equals(slug);
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '’' || cp == 'ʼ' || cp == '‘' || cp == '`' || cp == '´';
    }
}
