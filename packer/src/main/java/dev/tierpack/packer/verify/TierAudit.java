package dev.tierpack.packer.verify;

import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackVerifier;
import dev.tierpack.packer.pack.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code packer verify}: checks what the tiers hold against the index objects. Index objects are listed from
 * the warm tier (they live there for warm and cold packs). Warm packs are read only at {@link VerifyLevel#SAMPLE}
 * or {@link VerifyLevel#FULL}, each once and sequentially; cold packs get index-level checks (reading them needs
 * a restore), unless a {@link ColdReads} policy with a restore budget reads the restored ones. Packs without an index object are reported as orphans.
 */
public final class TierAudit {
    public record Options(VerifyLevel level, double samplePercent, long seed, int concurrency) {
        public Options {
            if (samplePercent < 0 || samplePercent > 100) {
                throw new IllegalArgumentException("samplePercent must be 0..100");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency < 1");
            }
        }
    }

    private final Tier warm;
    private final Tier cold;
    private final ChunkIndex chunkIndex;
    private final Options options;
    private final List<PackFinding> findings = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong packsRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong chunksVerified = new AtomicLong();
    private final AtomicLong chunksIndexed = new AtomicLong();
    private ColdReads coldReads;

    /** @param cold the cold tier, or null if none; @param chunkIndex local index to cross-check, or null */
    public TierAudit(Tier warm, Tier cold, ChunkIndex chunkIndex, Options options) {
        this.warm = warm;
        this.cold = cold;
        this.chunkIndex = chunkIndex;
        this.options = options;
    }

    /**
     * Reads cold packs per {@code policy} (restored ones in full, archived ones restored within its budget) instead
     * of index-level checks only; ignored at {@link VerifyLevel#INDEX_ONLY}.
     */
    public TierAudit withColdReads(ColdReads policy) {
        this.coldReads = policy;
        return this;
    }

    public VerifyReport run() throws IOException {
        long t0 = System.nanoTime();
        SplittableRandom sampler = new SplittableRandom(options.seed());
        // only the packs whose index object is unusable: what the orphan scan must not count as indexed
        Set<String> badIndexes = Collections.synchronizedSet(new HashSet<>());
        long indexObjects = 0;
        long[] packs = new long[2];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(options.concurrency());
            for (Iterator<TierObject> it = warm.list("index/", null); it.hasNext(); ) {
                TierObject idx = it.next();
                indexObjects++;
                boolean read = switch (options.level()) {
                    case FULL -> true;
                    case SAMPLE -> sampler.nextDouble() * 100 < options.samplePercent();
                    case INDEX_ONLY -> false;
                };
                slots.acquireUninterruptibly();
                pool.submit(() -> {
                    try {
                        checkPack(idx, read, badIndexes, packs);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        findOrphans(warm, badIndexes);
        if (cold != null) {
            findOrphans(cold, badIndexes);
        }
        List<PackFinding> sorted = findings.stream()
                .sorted(java.util.Comparator.comparing(PackFinding::object).thenComparing(PackFinding::kind)).toList();
        return new VerifyReport(options.level().name(), indexObjects, packs[0], packs[1], packsRead.get(), bytesRead.get(),
                chunksVerified.get(), chunksIndexed.get(), sorted, (System.nanoTime() - t0) / 1e9);
    }

    private void checkPack(TierObject idx, boolean read, Set<String> badIndexes, long[] packs) {
        PackIndexObject index;
        try (InputStream in = warm.read(idx.key())) {
            byte[] bytes = in.readAllBytes();
            VerifyResult structural = PackVerifier.verifyIndexObject(bytes, idx.key());
            if (!structural.ok()) {
                finding("bad-index-object", warm, idx.key(), String.join("; ", structural.lines()), List.of());
                badIndexes.add(idx.key());
                return;
            }
            index = PackFormat.readIndexObject(bytes, idx.key());
            if (!index.packId().indexKey().equals(idx.key())) {
                finding("bad-index-object", warm, idx.key(), "index object names another pack: pack=" + index.packId().hex(), List.of());
                badIndexes.add(idx.key());
                return;
            }
        } catch (TierpackException e) {
            finding("bad-index-object", warm, idx.key(), e.getMessage(), List.of());
            badIndexes.add(idx.key());
            return;
        } catch (IOException e) {
            finding("unreadable", warm, idx.key(), e.toString(), List.of());
            badIndexes.add(idx.key());
            return;
        }
        PackId id = index.packId();
        String packKey = id.objectKey();
        chunksIndexed.addAndGet(index.body().chunks().size());
        boolean isCold = index.tier() == TierCode.COLD;
        Tier tier = isCold ? cold : warm;
        synchronized (packs) {
            packs[isCold ? 1 : 0]++;
        }
        if (tier == null) {
            finding("missing-pack", warm, packKey, "index names a cold pack but no cold tier is configured: pack=" + id.hex(), List.of());
            return;
        }
        Optional<TierObject> stat;
        try {
            stat = tier.stat(packKey);
        } catch (TierpackException e) {
            finding("unreadable", tier, packKey, e.getMessage(), List.of());
            return;
        }
        if (stat.isEmpty()) {
            finding("missing-pack", tier, packKey, "pack object not found: index=" + idx.key(), allChunks(index));
            return;
        }
        if (stat.get().size() != index.packLength()) {
            finding("length-mismatch", tier, packKey, "expected=" + index.packLength() + " actual=" + stat.get().size(), allChunks(index));
            return;
        }
        if (chunkIndex != null && !chunkIndex.isPublished(id)) {
            finding("unindexed-pack", tier, packKey, "pack not in the local chunk index (run packer reindex)", List.of());
        }
        if (read && isCold) {
            try {
                read = coldReads != null && coldReads.readNow(packKey);
            } catch (TierpackException e) {
                finding("unreadable", tier, packKey, e.getMessage(), List.of());
                return;
            }
        }
        if (read) {
            try (InputStream in = tier.read(packKey)) {
                VerifyResult r = PackVerifier.verify(in, index, packKey);
                packsRead.incrementAndGet();
                bytesRead.addAndGet(r.bytesRead());
                chunksVerified.addAndGet(r.chunksVerified());
                for (VerifyResult.Problem p : r.problems()) {
                    finding("corrupt-pack", tier, packKey, p.describe(), chunksOf(p, index));
                }
            } catch (TierpackException e) {
                finding("unreadable", tier, packKey, e.getMessage(), List.of());
            } catch (IOException e) {
                finding("unreadable", tier, packKey, e.toString(), List.of());
            }
        }
    }

    private static List<String> allChunks(PackIndexObject index) {
        return index.body().chunks().stream().map(c -> c.id().toHex()).toList();
    }

    private static List<String> chunksOf(VerifyResult.Problem p, PackIndexObject index) {
        return switch (p) {
            case VerifyResult.BadSegment s -> s.chunks().stream().map(ChunkId::toHex).toList();
            case VerifyResult.BadChunk c -> List.of(c.chunk().toHex());
            default -> allChunks(index);
        };
    }

    /**
     * Reports the packs of {@code tier} without a usable index object. Memory stays the same whatever the number of
     * packs: both listings come in key order ({@link Tier#list}) and {@code packs/F/ID.pack} sorts like its index
     * object {@code index/F/ID.idx}, so one pass over both, holding one key of each, pairs them up.
     */
    private void findOrphans(Tier tier, Set<String> badIndexes) {
        Iterator<TierObject> indexes = warm.list("index/", null);
        String index = null;
        for (Iterator<TierObject> it = tier.list("packs/", null); it.hasNext(); ) {
            TierObject o = it.next();
            String want = indexKeyOf(o.key());
            while ((index == null || index.compareTo(want) < 0) && indexes.hasNext()) {
                index = indexes.next().key();
            }
            if (!want.equals(index) || badIndexes.contains(want)) {
                finding("orphan-pack", tier, o.key(), "no index object refers to it (interrupted write; see packer gc-orphans)", List.of());
            }
        }
    }

    /**
     * The index object key a pack key pairs with ({@code packs/F/ID.pack} -> {@code index/F/ID.idx}); for a key that
     * is not a pack key, one that sorts in the same place and that no index object has.
     */
    static String indexKeyOf(String packKey) {
        String rest = packKey.substring("packs/".length());
        return rest.endsWith(".pack") ? "index/" + rest.substring(0, rest.length() - ".pack".length()) + ".idx"
                : "index/" + rest + "\u0000not-a-pack";
    }

    private void finding(String kind, Tier tier, String object, String detail, List<String> chunks) {
        findings.add(new PackFinding(kind, tier.name(), object, detail, chunks));
    }
}
