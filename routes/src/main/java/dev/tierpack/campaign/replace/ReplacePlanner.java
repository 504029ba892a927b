package dev.tierpack.campaign.replace;

import dev.tierpack.campaign.placement.Explanation;
import dev.tierpack.core.cost.Charge;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.Tariff;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.placement.PlacementDecision;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.placement.RestoreEstimate;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
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
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Compares the hot set of the campaign's current placement inputs (already computed into {@code decisions}) with
 * where every catalogued store path's data is, and prices the difference. Reads only local state (catalog, chunk
 * index, placement store) and warm manifests: no write anywhere but its scratch directory. The chunks hot paths need
 * are collected in a scratch RocksDB set ({@link ChunkSet}), so memory does not grow with the catalog; the plan's
 * lists hold only the paths that move.
 */
public final class ReplacePlanner implements AutoCloseable {
    private final PlacementStore decisions;
    private final Catalog catalog;
    private final ChunkIndex chunkIndex;
    private final ReadBack readBack;
    private final Tariff tariff;
    private final long packSize;
    private final ChunkSet hotNeeds;

    /**
     * @param decisions the placement store with the current policy computed
     * @param packSize  target size of the packs re-placement writes
     * @param scratch   a directory for the scratch chunk set (deleted on close)
     */
    public ReplacePlanner(PlacementStore decisions, Catalog catalog, ChunkIndex chunkIndex, ReadBack readBack,
            Tariff tariff, long packSize, Path scratch) {
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.chunkIndex = Objects.requireNonNull(chunkIndex, "chunkIndex");
        this.readBack = Objects.requireNonNull(readBack, "readBack");
        this.tariff = Objects.requireNonNull(tariff, "tariff");
        this.packSize = packSize;
        this.hotNeeds = new ChunkSet(scratch.resolve("hot-chunks"));
    }

    /** The plan, pricing the restore with {@code retrieval}. */
    public ReplacePlan plan(String campaign, RestoreTier retrieval) {
        long[] counts = new long[2];
        List<CatalogEntry> turningHot = new ArrayList<>();
        List<CatalogEntry> warmNotHot = new ArrayList<>();
        catalog.forEach(e -> {
            counts[0]++;
            PlacementDecision d = decisions.decide(e.hashPart());
            if (d.hot()) {
                counts[1]++;
                boolean cold = e.placement() == TierCode.COLD;
                for (Map.Entry<ChunkId, ChunkLocation> c : locations(e).entrySet()) {
                    hotNeeds.add(c.getKey());
                    cold |= c.getValue().tier() == TierCode.COLD;
                }
                if (cold) {
                    turningHot.add(e);
                }
            } else if (e.placement() == TierCode.WARM) {
                warmNotHot.add(e);
            }
        });
        List<ReplacePlan.PathMove> toWarm = new ArrayList<>();
        Set<PackId> packs = new LinkedHashSet<>();
        Set<String> segments = new HashSet<>();
        long segmentBytes = 0;
        long warmBytes = 0;
        for (CatalogEntry e : turningHot) {
            Move m = coldOnly(e);
            toWarm.add(move(e, m));
            packs.addAll(m.packs);
            for (ChunkLocation l : m.at.values()) {
                if (segments.add(l.packId().hex() + "@" + l.segmentOffset())) {
                    segmentBytes += l.segmentStoredLength();
                }
            }
            warmBytes += m.bytes;
        }
        List<ReplacePlan.PathMove> toCold = new ArrayList<>();
        long coldBytes = 0;
        for (CatalogEntry e : warmNotHot) {
            Move m = movableToCold(e);
            toCold.add(move(e, m));
            coldBytes += m.bytes;
        }
        long packBytes = 0;
        List<String> packKeys = new ArrayList<>();
        for (PackId p : packs) {
            packKeys.add(p.objectKey());
            packBytes += chunkIndex.pack(p).map(PublishedPack::packLength).orElse(0L);
        }
        List<RestoreEstimate> estimates = RestoreEstimate.of(tariff.prices(), tariff.coldClass(), packs.size(), packBytes);
        BigDecimal restoreUsd = Money.ZERO;
        String within = "";
        if (!packs.isEmpty() && tariff.coldClass().archived()) { // GLACIER_IR is read without a restore
            RestoreEstimate chosen = RestoreEstimate.byTier(estimates).get(retrieval);
            if (chosen == null) {
                throw new dev.tierpack.core.error.ConfigException("retrieval tier not offered for the cold storage class",
                        "restoreTier", retrieval, "storageClass", tariff.coldClass());
            }
            restoreUsd = chosen.costUsd();
            within = chosen.within().toString();
        }
        BigDecimal coldGet = sum(tariff.request(Role.COLD, RequestKind.GET_RANGE, segments.size(), segmentBytes));
        BigDecimal warmPut = packWrites(Role.WARM, warmBytes);
        BigDecimal coldPut = packWrites(Role.COLD, coldBytes);
        BigDecimal total = Money.round(restoreUsd.add(coldGet).add(warmPut).add(coldPut));
        ReplacePlan.Cost cost = new ReplacePlan.Cost(retrieval.name(), Money.round(restoreUsd), coldGet, warmPut, coldPut,
                total, within);
        return new ReplacePlan(campaign, counts[0], counts[1], toWarm, toCold, packKeys, packBytes,
                estimates.stream().map(Explanation.RestoreOption::of).toList(), cost);
    }

    /** Whether a hot path (under the current policy) needs chunk {@code id}; valid after {@link #plan}. */
    public boolean neededHot(ChunkId id) {
        return hotNeeds.contains(id);
    }

    /** The chunks of a path, and what it needs moved. */
    record Move(Map<ChunkId, ChunkLocation> at, Map<ChunkId, Integer> lengths, Set<PackId> packs, long bytes) {}

    /** The chunks of {@code e} that are only in cold packs, with their locations and packs. */
    Move coldOnly(CatalogEntry e) {
        return chunksOf(e, (id, at) -> at.tier() == TierCode.COLD);
    }

    /** The chunks of {@code e} in warm packs that no hot path needs (valid after {@link #plan}). */
    Move movableToCold(CatalogEntry e) {
        return chunksOf(e, (id, at) -> at.tier() == TierCode.WARM && !hotNeeds.contains(id));
    }

    /** The chunks of {@code e} whose location {@code moves} selects, with their locations, packs and bytes. */
    private Move chunksOf(CatalogEntry e, BiPredicate<ChunkId, ChunkLocation> moves) {
        Map<ChunkId, Integer> lengths = lengths(e);
        Map<ChunkId, ChunkLocation> at = new LinkedHashMap<>();
        Set<PackId> packs = new LinkedHashSet<>();
        long bytes = 0;
        for (Map.Entry<ChunkId, ChunkLocation> c : chunkIndex.findAll(lengths.keySet()).entrySet()) {
            if (moves.test(c.getKey(), c.getValue())) {
                at.put(c.getKey(), c.getValue());
                packs.add(c.getValue().packId());
                bytes += lengths.get(c.getKey());
            }
        }
        return new Move(at, lengths, packs, bytes);
    }

    /**
     * An upper bound of what moving {@code m} to {@code target} costs: one range GET per segment it reads (cold
     * GETs for cold data, warm otherwise) and the pack writes of its bytes on the target tier.
     */
    BigDecimal copyEstimate(Move m, TierCode target) {
        Set<String> segments = new HashSet<>();
        long bytes = 0;
        for (ChunkLocation l : m.at.values()) {
            if (segments.add(l.packId().hex() + "@" + l.segmentOffset())) {
                bytes += l.segmentStoredLength();
            }
        }
        Role from = target == TierCode.WARM ? Role.COLD : Role.WARM;
        Role to = target == TierCode.WARM ? Role.WARM : Role.COLD;
        return Money.round(sum(tariff.request(from, RequestKind.GET_RANGE, segments.size(), bytes))
                .add(packWrites(to, m.bytes)));
    }

    /** An upper bound of writing {@code rawBytes} into new packs on {@code role}'s tier (a manifest pack: warm). */
    BigDecimal writeEstimate(Role role, long rawBytes) {
        return packWrites(role, Math.max(1, rawBytes));
    }

    private ReplacePlan.PathMove move(CatalogEntry e, Move m) {
        PlacementDecision d = decisions.decide(e.hashPart());
        return new ReplacePlan.PathMove(e.storePath().toString(), e.hashPart(), d.rule().name(), d.describe(),
                e.placement().name().toLowerCase(Locale.ROOT), m.at.size(), m.bytes,
                m.packs.stream().map(PackId::objectKey).toList());
    }

    /** Distinct chunk ids of a path's manifest with their raw lengths. */
    Map<ChunkId, Integer> lengths(CatalogEntry e) {
        Manifest manifest;
        try {
            manifest = readBack.manifest(e);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot read the manifest of " + e.storePath(), x);
        }
        Map<ChunkId, Integer> lengths = new LinkedHashMap<>();
        for (List<ChunkRef> file : manifest.layout().files()) {
            for (ChunkRef r : file) {
                lengths.put(r.id(), r.length());
            }
        }
        return lengths;
    }

    private Map<ChunkId, ChunkLocation> locations(CatalogEntry e) {
        Map<ChunkId, Integer> lengths = lengths(e);
        Map<ChunkId, ChunkLocation> at = chunkIndex.findAll(lengths.keySet());
        if (at.size() != lengths.size()) {
            throw new IntegrityException("chunk of a catalogued store path is not in the chunk index",
                    "storePath", e.storePath(), "missing", lengths.size() - at.size());
        }
        return at;
    }

    /**
     * Requests of writing {@code rawBytes} into new packs on {@code role}'s tier, an upper bound: packs of at most
     * the target size, each a multipart upload of 16 MiB parts (or one PUT), its index object PUT to the warm tier and
     * read back, and (warm packs) its footer read back.
     */
    private BigDecimal packWrites(Role role, long rawBytes) {
        if (rawBytes == 0) {
            return Money.ZERO;
        }
        long packs = (rawBytes + packSize - 1) / packSize;
        long perPack = Math.min(packSize, rawBytes);
        long parts = (perPack + Tier.DEFAULT_PART_SIZE - 1) / Tier.DEFAULT_PART_SIZE;
        BigDecimal usd = Money.ZERO;
        if (parts <= 1) {
            usd = usd.add(sum(tariff.request(role, RequestKind.PUT, packs, rawBytes)));
        } else {
            usd = usd.add(sum(tariff.request(role, RequestKind.INITIATE_MULTIPART, packs, 0)))
                    .add(sum(tariff.request(role, RequestKind.UPLOAD_PART, packs * parts, rawBytes)))
                    .add(sum(tariff.request(role, RequestKind.COMPLETE_MULTIPART, packs, 0)));
        }
        usd = usd.add(sum(tariff.request(Role.WARM, RequestKind.PUT, packs, 0)))
                .add(sum(tariff.request(Role.WARM, RequestKind.GET, packs, 0)));
        if (role == Role.WARM) {
            usd = usd.add(sum(tariff.request(Role.WARM, RequestKind.GET_RANGE, packs, 0)));
        }
        return Money.round(usd);
    }

    private static BigDecimal sum(List<Charge> charges) {
        BigDecimal s = Money.ZERO;
        for (Charge c : charges) {
            s = s.add(c.usd());
        }
        return Money.round(s);
    }

    @Override
    public void close() {
        hotNeeds.close();
    }
}
