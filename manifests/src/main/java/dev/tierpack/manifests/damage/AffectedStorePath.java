package dev.tierpack.manifests.damage;

import java.util.List;
import java.util.Objects;

/**
 * A store path that cannot be read back intact because of damage.
 *
 * @param storePath the store path
 * @param reason    {@code manifest-damaged}, {@code manifest-unreadable} or {@code chunks-damaged}
 * @param packs     keys of the damaged packs it depends on
 * @param chunks    damaged chunks it needs (hex; empty when its manifest is what is damaged)
 */
public record AffectedStorePath(String storePath, String reason, List<String> packs, List<String> chunks) {
    public AffectedStorePath {
        Objects.requireNonNull(storePath, "storePath");
        Objects.requireNonNull(reason, "reason");
        packs = List.copyOf(packs);
        chunks = List.copyOf(chunks);
    }
}
