package galley.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated archives other tests build: the same arguments give the same bytes. */
class ArchiveGeneratorTest {

    @Test
    void theSameSeedGivesTheSameArchiveAndAnotherSeedAnother(@TempDir Path tmp) throws Exception {
        ArchiveGenerator.Summary a = ArchiveGenerator.articles(150).writeTo(tmp.resolve("a"));
        ArchiveGenerator.Summary b = ArchiveGenerator.articles(150).writeTo(tmp.resolve("b"));
        ArchiveGenerator.articles(150).seed(2).writeTo(tmp.resolve("c"));
        assertEquals(a, b);
        Map<String, String> treeA = TestProject.tree(tmp.resolve("a/content"));
        assertEquals(treeA, TestProject.tree(tmp.resolve("b/content")));
        assertNotEquals(treeA, TestProject.tree(tmp.resolve("c/content")));
        assertEquals(150, a.published() + a.drafts() + a.scheduled());
        assertTrue(a.drafts() >= 2 && a.scheduled() >= 2 && a.aliases() > 0 && a.images() > 0, a.toString());

        // Writing again replaces content/ rather than adding to it.
        ArchiveGenerator.articles(150).writeTo(tmp.resolve("a"));
        assertEquals(treeA, TestProject.tree(tmp.resolve("a/content")));
    }

    @Test
    void addLatestAddsOneArticleAfterEveryOtherTheSameEachTime(@TempDir Path tmp) throws Exception {
        ArchiveGenerator.articles(80).writeTo(tmp.resolve("a"));
        ArchiveGenerator.articles(80).writeTo(tmp.resolve("b"));
        Map<String, String> before = TestProject.tree(tmp.resolve("a/content"));
        Path added = ArchiveGenerator.addLatest(tmp.resolve("a"));
        ArchiveGenerator.addLatest(tmp.resolve("b"));
        Map<String, String> after = TestProject.tree(tmp.resolve("a/content"));
        assertEquals(after, TestProject.tree(tmp.resolve("b/content")));
        String text = Files.readString(added);
        assertTrue(text.contains("\ndate: 2025-11-25T23:40:00+02:00\n"), text);
        after.keySet().removeAll(before.keySet());
        assertEquals(2, after.size(), "the article and its image: " + after.keySet());
    }

    @Test
    void linksBetweenArticleFilesAreRelative() {
        assertEquals("b.md", ArchiveGenerator.relative("articles/2025/11/a.md", "articles/2025/11/b.md"));
        assertEquals("../10/b.md", ArchiveGenerator.relative("articles/2025/11/a.md", "articles/2025/10/b.md"));
        assertEquals("../../2023/01/b.md", ArchiveGenerator.relative("articles/2025/11/a.md", "articles/2023/01/b.md"));
    }
}
