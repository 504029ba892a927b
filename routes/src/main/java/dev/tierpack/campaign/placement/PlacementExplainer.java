package dev.tierpack.campaign.placement;

import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.placement.PlacementDecision;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.placement.RestoreEstimate;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.PublishedPack;
import dev.tierpack.packer.ingest.ChunkRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Explains one catalogued store path: its tier from the catalog, the rule that decided from the campaign's
 * placement store, the packs its chunks are read from (found through the chunk index, never by reading a pack), and
 * what a restore of its cold packs would cost and take. Reads only local state and the manifest (warm).
 */
public final class PlacementExplainer {
    private final ReadBack readBack;
    private final ChunkIndex chunkIndex;
    private final PlacementStore placement; // may be null
    private final PriceTable prices;
    private final StorageClass coldClass;

    /** @param placement the campaign's placement store, or null if there is none */
    public PlacementExplainer(ReadBack readBack, ChunkIndex chunkIndex, PlacementStore placement, PriceTable prices,
            StorageClass coldClass) {
        this.readBack = Objects.requireNonNull(readBack, "readBack");
        this.chunkIndex = Objects.requireNonNull(chunkIndex, "chunkIndex");
        this.placement = placement;
        this.prices = Objects.requireNonNull(prices, "prices");
        this.coldClass = Objects.requireNonNull(coldClass, "coldClass");
    }

    /** The explanation of a store path (full path, base name or hash part); empty if it is not catalogued. */
    public Optional<Explanation> explain(String storePathOrHash) throws IOException {
        Optional<CatalogEntry> found = readBack.lookup(storePathOrHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CatalogEntry entry = found.get();
        Manifest manifest = readBack.manifest(entry);
        Set<ChunkId> ids = new LinkedHashSet<>();
        Map<ChunkId, Integer> lengths = new LinkedHashMap<>();
        for (List<ChunkRef> file : manifest.layout().files()) {
            for (ChunkRef r : file) {
                if (ids.add(r.id())) {
                    lengths.put(r.id(), r.length());
                }
            }
        }
        Map<ChunkId, ChunkLocation> at = chunkIndex.findAll(ids);
        Map<PackId, int[]> chunks = new LinkedHashMap<>();
        Map<PackId, long[]> bytes = new LinkedHashMap<>();
        Map<PackId, TierCode> tiers = new LinkedHashMap<>();
        for (ChunkId id : ids) {
            ChunkLocation l = at.get(id);
            if (l == null) {
                throw new dev.tierpack.core.error.IntegrityException("chunk of a catalogued store path is not in the chunk index",
                        "storePath", entry.storePath(), "chunk", id);
            }
            chunks.computeIfAbsent(l.packId(), k -> new int[1])[0]++;
            bytes.computeIfAbsent(l.packId(), k -> new long[1])[0] += lengths.get(id);
            tiers.put(l.packId(), l.tier());
        }
        List<Explanation.PackUse> packs = new ArrayList<>();
        long warmBytes = 0;
        long coldBytes = 0;
        long coldPackBytes = 0;
        int coldPacks = 0;
        for (PackId p : chunks.keySet()) {
            long length = chunkIndex.pack(p).map(PublishedPack::packLength).orElse(-1L);
            TierCode t = tiers.get(p);
            packs.add(new Explanation.PackUse(p.hex(), name(t), length, chunks.get(p)[0], bytes.get(p)[0]));
            if (t == TierCode.WARM) {
                warmBytes += bytes.get(p)[0];
            } else {
                coldBytes += bytes.get(p)[0];
                coldPackBytes += Math.max(0, length);
                coldPacks++;
            }
        }
        String rule = "UNKNOWN";
        String reason = "no placement store for this campaign";
        if (placement != null && placement.computed()) {
            PlacementDecision d = placement.decide(entry.hashPart());
            rule = d.rule().name();
            reason = d.describe();
        }
        List<Explanation.RestoreOption> restore = coldPacks == 0 ? List.of()
                : RestoreEstimate.of(prices, coldClass, coldPacks, coldPackBytes).stream()
                        .map(Explanation.RestoreOption::of).toList();
        return Optional.of(new Explanation(entry.storePath().toString(), name(entry.placement()), rule, reason,
                entry.narSize(), packs, warmBytes, coldBytes, coldPackBytes, coldClass.name(), restore));
    }

    private static String name(TierCode t) {
        return t.name().toLowerCase(Locale.ROOT);
    }
}
