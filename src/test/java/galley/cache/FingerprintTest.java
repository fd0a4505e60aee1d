package galley.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    /** The definition, one character at a time: the block-wise loop must give the same keys. */
    private static String reference(String... parts) {
        long a = 0xcbf29ce484222325L;
        long b = 0x84222325cbf29ce4L;
        for (String s : parts) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                a = (a ^ c) * 0x100000001b3L;
                b = (b ^ c) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            }
            a = (a ^ 0x1F) * 0x100000001b3L;
            b = (b ^ 0x1F) * 0x9E3779B97F4A7C15L;
        }
        Fingerprint probe = new Fingerprint();
        return probe.hexOf(a, b);
    }

    @Test
    void blockWiseHashingGivesTheSameKeysAcrossBlockBoundaries() {
        StringBuilder long1 = new StringBuilder();
        for (int i = 0; i < 3000; i++) long1.append((char) ('a' + i % 26)).append(i % 97 == 0 ? "é𝄞" : "");
        for (String s : new String[] {
            "",
            "a",
            "Kyiv",
            long1.substring(0, 1023),
            long1.substring(0, 1024),
            long1.substring(0, 1025),
            long1.toString()
        }) {
            assertEquals(reference(s), new Fingerprint().add(s).hex(), "length " + s.length());
            assertEquals(
                    reference(s, "x", s),
                    new Fingerprint().add(s).add("x").add(s).hex());
        }
    }

    @Test
    void partsAreSeparated() {
        assertNotEquals(Fingerprint.of("ab", "c"), Fingerprint.of("a", "bc"));
    }

    @Test
    void aSetSumDependsOnTheItemsNotOnTheirOrderOrHowTheyWereSplit() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 500; i++)
            items.add("content/articles/2025/11/story-" + i + ".md\u0000" + (1000 + i) + ":" + (i * 7919L));
        Fingerprint.SetSum inOrder = new Fingerprint.SetSum();
        items.forEach(inOrder::add);
        List<String> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(4));
        Fingerprint.SetSum first = new Fingerprint.SetSum();
        Fingerprint.SetSum second = new Fingerprint.SetSum();
        for (int i = 0; i < shuffled.size(); i++) (i % 3 == 0 ? first : second).add(shuffled.get(i));
        Fingerprint.SetSum merged = new Fingerprint.SetSum();
        merged.addAll(second);
        merged.addAll(first);
        assertEquals(inOrder.hex(), merged.hex());
        assertEquals(new Fingerprint.SetSum().hex(), new Fingerprint.SetSum().hex());

        Set<String> seen = new HashSet<>();
        seen.add(inOrder.hex());
        seen.add(new Fingerprint.SetSum().hex());
        for (int i = 0; i < items.size(); i++) {
            // one item's size changed, one item missing, one item added twice (another count)
            Fingerprint.SetSum changed = new Fingerprint.SetSum();
            Fingerprint.SetSum missing = new Fingerprint.SetSum();
            for (int j = 0; j < items.size(); j++) {
                changed.add(j == i ? items.get(j).replace(":", "1:") : items.get(j));
                if (j != i) missing.add(items.get(j));
            }
            assertTrue(seen.add(changed.hex()), "changed " + i);
            assertTrue(seen.add(missing.hex()), "missing " + i);
        }
    }
}
