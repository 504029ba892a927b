package dev.tierpack.core.audit;

import java.util.Objects;

/**
 * One thing wrong with a source object.
 *
 * @param kind      {@code corrupt-narinfo}, {@code bad-signature}, {@code corrupt-nar}, {@code unreadable},
 *                  {@code dangling-narinfo} (its NAR is missing), {@code orphan-nar} (no narinfo points to it)
 * @param key       the object the problem is about
 * @param storePath the store path concerned, or empty when unknown
 * @param reason    the error message with its key=value context
 */
public record Problem(String kind, String key, String storePath, String reason) {
    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        storePath = storePath == null ? "" : storePath;
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the object's data is bad (quarantined, never migrated) rather than merely missing a partner. */
    public boolean quarantines() {
        return switch (kind) {
            case "corrupt-narinfo", "bad-signature", "corrupt-nar" -> true;
            default -> false;
        };
    }
}
