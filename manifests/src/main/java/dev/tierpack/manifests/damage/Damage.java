package dev.tierpack.manifests.damage;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Damaged packs and, where known, which of their chunks are damaged.
 *
 * @param packs pack id to its damaged chunks; an empty set means the whole pack (missing, truncated, unreadable)
 */
public record Damage(Map<PackId, Set<ChunkId>> packs) {
    public Damage {
        Map<PackId, Set<ChunkId>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(packs, "packs").forEach((k, v) -> copy.put(Objects.requireNonNull(k, "pack"), Set.copyOf(v)));
        packs = Map.copyOf(copy);
    }

    public boolean isEmpty() {
        return packs.isEmpty();
    }

    /** Whether the whole pack {@code id} is damaged. */
    public boolean wholePack(PackId id) {
        Set<ChunkId> c = packs.get(id);
        return c != null && c.isEmpty();
    }

    /** Whether chunk {@code id}, stored in pack {@code pack}, is damaged. */
    public boolean hits(PackId pack, ChunkId id) {
        Set<ChunkId> c = packs.get(pack);
        return c != null && (c.isEmpty() || c.contains(id));
    }
}
