package galley.model;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An author from {@code content/authors/<slug>.md}.
 *
 * @param links named links as written ({@code x}, {@code email}, ...), in the order written
 * @param bio Markdown
 */
public record Author(
        Path source,
        String slug,
        String name,
        String role,
        Optional<String> photo,
        Map<String, String> links,
        String bio,
        int bioLine,
        String contentHash) {
    public Author {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(photo, "photo");
        links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
        Objects.requireNonNull(bio, "bio");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
