package galley.media;

import java.util.Locale;
import java.util.regex.Pattern;

/** How messages about images write numbers: {@code 53,870 bytes}, the same on any machine. */
final class ImageText {

    private ImageText() {}

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Names a Java class or package: {@code java.io.EOFException}, {@code class com.sun.…}. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:java|javax|sun|com|org|jdk|kotlin)\\.[\\w.$]+");

    /**
     * A library's message about a failure, for people: empty ones and those that name Java classes (a cast that
     * failed inside a decoder) become {@code fallback}.
     */
    static String detail(Throwable failure, String fallback) {
        String message = failure.getMessage();
        if (message == null || message.isBlank() || CLASS_NAME.matcher(message).find()) return fallback;
        return message.strip();
    }
}
