package dev.tierpack.core.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One object of a binary cache as listed by a {@link BinaryCacheSource}.
 *
 * @param key path relative to the cache root ({@code nar/….nar.xz}), never empty, never starting with {@code /}
 * @param size length in bytes
 * @param lastModified modification time reported by the source
 * @param etag the S3 entity tag without quotes, or null where the source has none (local directories)
 */
public record SourceObject(String key, long size, Instant lastModified, String etag) {
    public SourceObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        if (key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("key must be relative and non-empty: '" + key + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + key);
        }
    }

    public KeyKind kind() {
        return KeyKind.of(key);
    }
}
