package dev.tierpack.manifests.damage;

import dev.tierpack.core.error.TierpackException;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.ingest.ChunkRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Names every catalogued store path that depends on damaged data: its manifest sits in a damaged manifest pack (or
 * cannot be read), or one of its chunks is located in a damaged pack (a damaged chunk, or anywhere in a pack that is
 * damaged as a whole).
 *
 * <p>Cost: one pass over the catalog, loading every manifest whose own pack is intact (one range GET per manifest
 * segment, cached by {@link ReadBack}) and one chunk index lookup per chunk reference. Memory: one manifest at a time
 * plus the result. Run only when verification found damage.
 */
public final class AffectedStorePaths {
    private final Catalog catalog;
    private final ChunkIndex chunkIndex;
    private final ReadBack readBack;

    public AffectedStorePaths(Catalog catalog, ChunkIndex chunkIndex, ReadBack readBack) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.chunkIndex = Objects.requireNonNull(chunkIndex, "chunkIndex");
        this.readBack = Objects.requireNonNull(readBack, "readBack");
    }

    /** The store paths {@code damage} affects, in catalog (hash part) order. */
    public List<AffectedStorePath> find(Damage damage) {
        List<AffectedStorePath> out = new ArrayList<>();
        if (damage.isEmpty()) {
            return out;
        }
        catalog.forEach(entry -> {
            AffectedStorePath a = check(entry, damage);
            if (a != null) {
                out.add(a);
            }
        });
        return out;
    }

    private AffectedStorePath check(CatalogEntry entry, Damage damage) {
        String path = entry.storePath().toString();
        if (damage.hits(entry.manifestPack(), entry.manifest())) {
            return new AffectedStorePath(path, "manifest-damaged", List.of(entry.manifestPack().objectKey()), List.of());
        }
        Manifest manifest;
        try {
            manifest = readBack.manifest(entry);
        } catch (IOException | TierpackException e) {
            return new AffectedStorePath(path, "manifest-unreadable: " + e.getMessage(),
                    List.of(entry.manifestPack().objectKey()), List.of());
        }
        Set<ChunkId> ids = new LinkedHashSet<>();
        for (List<ChunkRef> file : manifest.layout().files()) {
            for (ChunkRef r : file) {
                ids.add(r.id());
            }
        }
        Map<ChunkId, ChunkLocation> at = chunkIndex.findAll(ids);
        Set<String> packs = new TreeSet<>();
        Set<String> chunks = new TreeSet<>();
        for (ChunkId id : ids) {
            ChunkLocation loc = at.get(id);
            if (loc == null) {
                chunks.add(id.toHex());
                packs.add("(not in the chunk index)");
            } else if (damage.hits(loc.packId(), id)) {
                chunks.add(id.toHex());
                packs.add(loc.packId().objectKey());
            }
        }
        return chunks.isEmpty() ? null : new AffectedStorePath(path, "chunks-damaged", List.copyOf(packs), List.copyOf(chunks));
    }
}
