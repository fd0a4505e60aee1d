package galley.media;

/**
 * A problem with an image that a person can act on, such as {@code truncated JPEG (ends after 1,204 bytes, before
 * its end-of-image marker)}. The message names the problem without stack trace text or class names; the caller adds
 * which file it was.
 */
public final class ImageException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message);
    }

    /** With the library failure behind it, for {@code --verbose}: its text is not part of the message. */
    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
