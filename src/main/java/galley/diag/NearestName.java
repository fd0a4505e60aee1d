package galley.diag;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the known name nearest to a mistyped one, by edit distance with a swap of two
 * neighbours counted as one edit (optimal string alignment), case aside. A name is near when it
 * is at most one edit away for names of up to five characters, two for longer ones, so that
 * {@code titel} finds {@code title} and {@code pages} finds nothing. Ties go to the name that
 * sorts first, so the hint is the same on every run whatever the order of {@code known}.
 */
public final class NearestName {

    private NearestName() {}

    /** The name in {@code known} nearest to {@code name}, if one is near; never {@code name} itself. */
    public static Optional<String> among(String name, Collection<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (candidate.equals(name)) continue;
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (!isNear(d, candidate)) continue;
            if (d < bestDistance || d == bestDistance && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** True when {@code name} is near {@code known} (case aside) by the rule above. */
    public static boolean isNear(String name, String known) {
        return isNear(distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT)), known);
    }

    private static boolean isNear(int distance, String known) {
        return distance <= (known.length() <= 5 ? 1 : 2);
    }

    /** Edit distance with adjacent swaps counted as one edit (optimal string alignment). */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
