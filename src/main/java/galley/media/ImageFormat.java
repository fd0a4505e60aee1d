package galley.media;

/** The kind of an image file, as its first bytes tell, with the file extension and media type it is published under. */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    GIF("gif", "image/gif"),
    WEBP("webp", "image/webp"),
    AVIF("avif", "image/avif"),
    SVG("svg", "image/svg+xml"),
    /** Not an image Galley knows: copied as it is. */
    OTHER("", "application/octet-stream");

    private final String extension;
    private final String mimeType;

    ImageFormat(String extension, String mimeType) {
        this.extension = extension;
        this.mimeType = mimeType;
    }

    /** The file extension without its dot ({@code jpg}, {@code webp}); empty for {@link #OTHER}. */
    public String extension() {
        return extension;
    }

    /** The media type for a {@code <source type>} or a server's Content-Type. */
    public String mimeType() {
        return mimeType;
    }

    /** Whether {@link ImageProcessor#derive} can write renditions in this format: JPEG, PNG and WebP (no AVIF encoder, see docs/images.md). */
    public boolean encodable() {
        return this == JPEG || this == PNG || this == WEBP;
    }
}
