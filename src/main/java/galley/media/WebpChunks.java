package galley.media;

import java.util.ArrayList;
import java.util.List;

/** The chunks of a WebP file after its RIFF header. */
final class WebpChunks {

    /** A chunk: its four-character type at {@code start}, its data from {@code start + 8}, padded to an even length. */
    record Chunk(byte[] file, int start, int length) {
        boolean is(String type) {
            return Exif.startsWith(file, start, type);
        }

        int data() {
            return start + 8;
        }

        int dataEnd() {
            return data() + length;
        }

        int end() {
            return dataEnd() + (length & 1);
        }
    }

    private WebpChunks() {}

    /** Throws {@link IndexOutOfBoundsException} when a chunk runs past the end of the bytes. */
    static List<Chunk> walk(byte[] b) {
        List<Chunk> chunks = new ArrayList<>();
        int pos = 12;
        while (pos + 8 <= b.length) {
            int length = (b[pos + 4] & 0xFF)
                    | (b[pos + 5] & 0xFF) << 8
                    | (b[pos + 6] & 0xFF) << 16
                    | (b[pos + 7] & 0xFF) << 24;
            Chunk chunk = new Chunk(b, pos, length);
            if (length < 0 || chunk.dataEnd() > b.length) throw new IndexOutOfBoundsException(pos);
            chunks.add(chunk);
            pos = Math.min(chunk.end(), b.length);
        }
        return chunks;
    }
}
