package galley.media;

import java.util.Locale;

/** How messages about images write numbers: {@code 53,870 bytes}, the same on any machine. */
final class ImageText {

    private ImageText() {}

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
