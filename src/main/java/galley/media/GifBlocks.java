package galley.media;

/** The frames of a GIF and where it ends (its trailer), found by stepping over its blocks. */
record GifBlocks(int frames, int end) {

    private static final int EXTENSION = 0x21;
    private static final int IMAGE = 0x2C;
    private static final int TRAILER = 0x3B;

    /** Walks the whole file; throws {@link IndexOutOfBoundsException} when it stops before the trailer. */
    static GifBlocks walk(byte[] b) throws ImageException {
        int pos = 13 + colorTable(b[10]);
        int frames = 0;
        while (true) {
            int block = b[pos] & 0xFF;
            if (block == TRAILER) return new GifBlocks(frames, pos + 1);
            if (block == EXTENSION) {
                pos = subBlocks(b, pos + 2);
            } else if (block == IMAGE) {
                frames++;
                pos = subBlocks(b, pos + 10 + colorTable(b[pos + 9]) + 1); // after the LZW code size
            } else {
                throw new ImageException("corrupt GIF (an unknown block at byte " + ImageText.count(pos) + ")");
            }
        }
    }

    private static int colorTable(byte packed) {
        return (packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0;
    }

    private static int subBlocks(byte[] b, int pos) {
        while (true) {
            int size = b[pos] & 0xFF;
            pos += 1 + size;
            if (size == 0) return pos;
            if (pos > b.length) throw new IndexOutOfBoundsException(pos);
        }
    }
}
