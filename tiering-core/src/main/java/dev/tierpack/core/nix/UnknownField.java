package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.util.Objects;

/**
 * A {@code Key: value} line whose key tierpack does not interpret, kept so that rewriting a file
 * does not lose it.
 *
 * @param key the key ({@code [A-Za-z0-9_.-]+})
 * @param value the value (no control characters)
 * @param after the known key this line followed in the input (it is written right after that
 *     key's line or lines), or {@code ""} if it came before every known key
 */
public record UnknownField(String key, String value, String after) {
    public UnknownField {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(after, "after");
        if (key.isEmpty() || !key.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.')) {
            throw new FormatException("invalid field key", "key", NixHash.abbreviate(key));
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new FormatException("field value contains a control character", "key", key);
        }
    }
}
