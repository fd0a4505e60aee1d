package galley.markdown;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Wraps a body's {@link Image} of {@code content/media/} whose size Galley knows: on the page,
 * the image gets {@code width}, {@code height}, lazy loading and its resized copies (inside a
 * {@code <picture>} with a WebP {@code <source>} when there are WebP copies); in the feed (see
 * {@link #inFeed}), it is the plain image, as feed readers show it.
 */
final class PictureNode extends CustomNode {

    private final ShownImage shown;
    private boolean inFeed;

    PictureNode(ShownImage shown) {
        this.shown = shown;
    }

    /** From now on the image renders as in a feed (the second rendering of the same document). */
    void inFeed() {
        inFeed = true;
    }

    /** The attributes the page's {@code <img>} gets besides {@code src} and {@code alt}. */
    static void imageAttributes(Node node, String tagName, Map<String, String> attributes) {
        if (!tagName.equals("img") || !(node.getParent() instanceof PictureNode p) || p.inFeed) return;
        ShownImage s = p.shown;
        attributes.put("src", s.src());
        if (!s.srcset().isEmpty()) {
            attributes.put("srcset", s.srcset());
            attributes.put("sizes", s.sizes());
        }
        attributes.put("width", Integer.toString(s.width()));
        attributes.put("height", Integer.toString(s.height()));
        attributes.put("loading", "lazy");
        attributes.put("decoding", "async");
    }

    /** Writes {@code <picture>} and its WebP source around the image where there are WebP copies. */
    static final class Renderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;

        Renderer(HtmlNodeRendererContext context) {
            this.context = context;
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(PictureNode.class);
        }

        @Override
        public void render(Node node) {
            PictureNode p = (PictureNode) node;
            boolean picture = !p.inFeed && !p.shown.webpSrcset().isEmpty();
            if (picture) {
                html.tag("picture");
                Map<String, String> source = new LinkedHashMap<>();
                source.put("type", "image/webp");
                source.put("srcset", p.shown.webpSrcset());
                source.put("sizes", p.shown.sizes());
                html.tag("source", source, true);
            }
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) context.render(child);
            if (picture) html.tag("/picture");
        }
    }
}
