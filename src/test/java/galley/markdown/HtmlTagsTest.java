package galley.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tag reader check uses for ids and raw HTML: what browsers would see as tags, and nothing else. */
class HtmlTagsTest {

    @Test
    void idsOfElementsAndNamesOfAnchorsOnly() {
        assertEquals(
                Set.of("top-story", "fn-1", "old anchor", "a&b"),
                HtmlTags.ids("<h2 id=\"top-story\">T</h2><li ID='fn-1'>x</li><a name=\"old anchor\"></a>"
                        + "<p id=a&amp;b data-id=\"no\">text id=\"not-a-tag\"</p><div name=\"not-an-anchor\"></div>"));
    }

    @Test
    void commentsAndRawTextHoldNoTags() {
        assertEquals(
                Set.of("after"),
                HtmlTags.ids("<!-- <p id=\"c\"> --><script>var s = '<p id=\"s\">';</SCRIPT><p id=\"after\">"));
        assertEquals(Set.of(), HtmlTags.ids("<!-- <p id=\"unclosed\">"));
    }

    @Test
    void offsetsNamesAndAttributesOfMalformedTagsToo() {
        List<String> seen = new ArrayList<>();
        HtmlTags.scan(
                "a < b <IMG SRC=/x.jpg alt><a =x href='/y/'>",
                (offset, name, attributes) ->
                        seen.add(offset + " " + name + " " + new java.util.TreeMap<>(attributes)));
        assertEquals(List.of("6 img {alt=, src=/x.jpg}", "26 a {href=/y/}"), seen);
        seen.clear();
        HtmlTags.scan("<img src=\"/never-closed.jpg", (offset, name, attributes) -> seen.add(name + attributes));
        assertEquals(List.of("img{src=/never-closed.jpg}"), seen);
    }
}
