package galley.model;

import java.util.Objects;

/** An article's hero image: {@code src} as written (a /media/ path or an absolute URL). Empty strings mean absent. */
public record Image(String src, String alt, String caption, String credit) {
    public Image {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(alt, "alt");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(credit, "credit");
    }
}
