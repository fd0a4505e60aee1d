package galley.markdown;

/**
 * How a body's image of {@code content/media/} is shown on its page: its size (for {@code width}
 * and {@code height}, so that the page does not shift as it loads) and its resized copies.
 *
 * @param src the {@code <img src>}: the widest copy in the original's format, or the original
 * @param srcset the copies in the original's format ({@code "a.320w.jpg 320w, ..."}); empty when none
 * @param webpSrcset the WebP copies, for a {@code <source type="image/webp">}; empty when none
 * @param sizes the {@code sizes} attribute that goes with them
 */
public record ShownImage(int width, int height, String src, String srcset, String webpSrcset, String sizes) {}
