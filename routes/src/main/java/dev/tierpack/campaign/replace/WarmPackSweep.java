package dev.tierpack.campaign.replace;

import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.error.TierObjectNotFoundException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.Repacker;
import dev.tierpack.packer.upload.PackPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves warm data packs that hold no chunk a hot path needs to the cold tier and deletes them (docs/FORMAT.md 11.3,
 * rules 4-6). For each published warm data pack, from its index object: the chunks the chunk index still locates in
 * it are copied (one range GET per segment) into new cold packs ({@link Repacker}: pack durable with its Content-MD5
 * and ETag checks, index object on the warm tier, chunk index; the index keeps the warm location meanwhile); once a
 * batch of cold packs is published, each warm pack of the batch is retired in the chunk index (its chunks located in
 * their cold copies, its record removed, one atomic batch), then its index object and then its pack are deleted from
 * the warm tier. A warm pack the chunk index no longer locates any chunk in (a crash after the retirement, or copies
 * elsewhere) goes straight to the deletions. Every pack is budgeted before it is read. Manifest packs and cold packs
 * are never deleted.
 */
final class WarmPackSweep {
    private static final Logger LOG = LoggerFactory.getLogger(WarmPackSweep.class);

    /** What a sweep did. */
    record Result(String state, long chunks, long coldPacks, long deleted) {}

    private final Tier warm;
    private final Tier cold;
    private final ChunkIndex index;
    private final Predicate<ChunkId> neededHot;
    private final PackWriterConfig coldLayout;
    private final long batchBytes;
    private final BudgetGate gate;
    private final Function<ReplacePlanner.Move, BigDecimal> estimate;

    /**
     * @param neededHot  whether a hot path needs a chunk
     * @param batchBytes raw bytes copied before the cold packs are flushed and the batch's warm packs deleted
     * @param estimate   an upper bound of what moving a pack's chunks to cold costs (budget reservation)
     */
    WarmPackSweep(Tier warm, Tier cold, ChunkIndex index, Predicate<ChunkId> neededHot, PackWriterConfig coldLayout,
            long batchBytes, BudgetGate gate, Function<ReplacePlanner.Move, BigDecimal> estimate) {
        this.warm = Objects.requireNonNull(warm, "warm");
        this.cold = Objects.requireNonNull(cold, "cold");
        this.index = Objects.requireNonNull(index, "index");
        this.neededHot = Objects.requireNonNull(neededHot, "neededHot");
        this.coldLayout = Objects.requireNonNull(coldLayout, "coldLayout");
        this.batchBytes = batchBytes;
        this.gate = Objects.requireNonNull(gate, "gate");
        this.estimate = Objects.requireNonNull(estimate, "estimate");
    }

    /** A warm pack of the current batch: its index object and the chunks still located in it. */
    private record Candidate(PackIndexObject idx, Map<ChunkId, ChunkLocation> located) {}

    Result run() throws IOException {
        List<PackId> warmData = new ArrayList<>();
        index.packs(p -> {
            if (p.tier() == TierCode.WARM && p.content() == ContentCode.DATA) {
                warmData.add(p.packId());
            }
        });
        String state = ReplaceResult.COMPLETE;
        long chunks = 0;
        long coldPacks = 0;
        long deleted = 0;
        List<Candidate> batch = new ArrayList<>();
        long batchRaw = 0;
        try (Repacker packer = new Repacker(cold, warm, index, coldLayout)) {
            for (PackId id : warmData) {
                PackIndexObject idx = read(id);
                if (idx == null) { // an interrupted deletion after (ii): finish it
                    requireNothingLocated(id);
                    warm.delete(id.objectKey());
                    index.forget(id);
                    deleted++;
                    continue;
                }
                Map<ChunkId, ChunkLocation> located = new LinkedHashMap<>();
                Map<ChunkId, ChunkLocation> at = index.findAll(idx.body().chunks().stream().map(ChunkRecord::id).toList());
                boolean hot = false;
                for (ChunkRecord r : idx.body().chunks()) {
                    ChunkLocation l = at.get(r.id());
                    if (l != null && l.packId().equals(id)) {
                        located.put(r.id(), l);
                        hot |= neededHot.test(r.id());
                    }
                }
                if (hot) {
                    continue;
                }
                if (located.isEmpty()) { // every chunk is located elsewhere: retire and delete
                    delete(idx, Map.of());
                    deleted++;
                    continue;
                }
                long raw = located.values().stream().mapToLong(ChunkLocation::chunkLength).sum();
                BudgetGate.Decision d = gate.reserve(estimate.apply(
                        new ReplacePlanner.Move(located, Map.of(), java.util.Set.of(id), raw)));
                if (d instanceof BudgetGate.Pause p) {
                    state = p.message();
                    break;
                }
                try (BudgetGate.Reservation r = ((BudgetGate.Ok) d).reservation()) {
                    copy(located, packer);
                }
                chunks += located.size();
                batch.add(new Candidate(idx, located));
                batchRaw += raw;
                if (batchRaw >= batchBytes) {
                    int before = packer.published().size();
                    packer.flush();
                    deleted += retire(batch, packer.published().subList(before, packer.published().size()), packer);
                    batch.clear();
                    batchRaw = 0;
                }
            }
            int before = packer.published().size();
            packer.flush();
            deleted += retire(batch, packer.published().subList(before, packer.published().size()), packer);
            coldPacks = packer.published().size();
        }
        LOG.info("warm pack sweep: chunksToCold={} coldPacks={} warmPacksDeleted={} state={}", chunks, coldPacks,
                deleted, state);
        return new Result(state, chunks, coldPacks, deleted);
    }

    private void copy(Map<ChunkId, ChunkLocation> located, Repacker packer) throws IOException {
        List<Map.Entry<ChunkId, ChunkLocation>> chunks = new ArrayList<>(located.entrySet());
        chunks.sort(Comparator.comparingLong(c -> c.getValue().segmentOffset()));
        ReplaceRunner.SegmentCache segments = new ReplaceRunner.SegmentCache(warm);
        for (Map.Entry<ChunkId, ChunkLocation> c : chunks) {
            packer.add(c.getKey(), LocatedChunkReader.slice(segments.raw(c.getValue()), c.getKey(), c.getValue()));
        }
    }

    /**
     * The cold packs just published hold every chunk of the batch: each warm pack is retired in the chunk index, then
     * its index object and its pack are deleted. Returns how many were deleted.
     */
    private long retire(List<Candidate> batch, List<PackPublisher.Published> published, Repacker packer) throws IOException {
        if (batch.isEmpty()) {
            return 0;
        }
        Map<ChunkId, ChunkLocation> copies = new HashMap<>();
        for (PackPublisher.Published p : published) {
            PackIndexObject idx;
            try (InputStream in = warm.read(p.indexKey())) {
                idx = PackIndexObject.decode(in.readAllBytes(), p.indexKey());
            }
            for (ChunkRecord r : idx.body().chunks()) {
                copies.put(r.id(), ChunkLocation.of(idx, r));
            }
        }
        long n = 0;
        for (Candidate c : batch) {
            Map<ChunkId, ChunkLocation> moved = new HashMap<>();
            for (ChunkId id : c.located().keySet()) {
                ChunkLocation to = copies.get(id);
                if (to != null) {
                    moved.put(id, to);
                }
            }
            delete(c.idx(), moved);
            n++;
        }
        return n;
    }

    /**
     * FORMAT 11.3 rule 5: (i) retire in the chunk index, (ii) delete the index object, (iii) delete the pack, (iv)
     * forget its record.
     */
    private void delete(PackIndexObject idx, Map<ChunkId, ChunkLocation> moved) {
        index.retire(idx, moved);
        warm.delete(idx.packId().indexKey());
        warm.delete(idx.packId().objectKey());
        index.forget(idx.packId());
        LOG.info("warm pack moved to cold and deleted: pack={} chunksMoved={}", idx.packId().objectKey(), moved.size());
    }

    /** A published pack without its index object may be forgotten only if no chunk is located in it (a full scan). */
    private void requireNothingLocated(PackId id) {
        boolean[] found = {false};
        index.chunks((c, l) -> found[0] |= l.packId().equals(id));
        if (found[0]) {
            throw new dev.tierpack.core.error.IntegrityException(
                    "warm pack has chunks located in it but no index object (run packer verify)", "pack", id.objectKey());
        }
    }

    private PackIndexObject read(PackId id) throws IOException {
        String key = id.indexKey();
        try (InputStream in = warm.read(key)) {
            return PackIndexObject.decode(in.readAllBytes(), key);
        } catch (TierObjectNotFoundException e) {
            // index object deleted by an interrupted sweep (rule 5 (ii)) after the retirement
            LOG.warn("retired warm pack without index object: finishing its deletion: pack={}", id.objectKey());
            return null;
        }
    }
}
