package dev.tierpack.campaign.replace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.CampaignTestbed;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.cost.SpendTally;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkIndexRebuilder;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.IndexStats;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.Repacker;
import dev.tierpack.packer.upload.TierIndexObjects;
import dev.tierpack.packer.upload.TierRangeSource;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm → cold sweep of re-placement (docs/FORMAT.md 11.3 rules 4-6) on real S3 (embedded; the cold bucket in
 * DEEP_ARCHIVE, written with Content-MD5/ETag checks) and a real chunk index: warm packs holding a chunk a hot path
 * needs stay; the others are copied into cold packs, retired in the chunk index and deleted (index object, then pack);
 * a warm pack whose chunks are all located elsewhere is deleted without a copy; a pack retired by a run that crashed
 * before its deletions is finished by the next run; the chunk index, rebuilt from the warm tier alone, agrees.
 */
class WarmPackSweepTest {
    @TempDir Path tmp;

    static final PackWriterConfig WARM =
            new PackWriterConfig(1 << 20, 64 << 10, SegmentCompression.zstd(3), TierCode.WARM, ContentCode.DATA);
    static final PackWriterConfig COLD =
            new PackWriterConfig(1 << 20, 256 << 10, SegmentCompression.zstd(3), TierCode.COLD, ContentCode.DATA);

    @Test
    void movesPacksNoHotPathNeedsToColdAndDeletesThem() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        String name = "sweep-" + System.nanoTime();
        bed.s3.createBucketIfMissing(name + "-warm");
        bed.s3.createBucketIfMissing(name + "-cold");
        SplittableRandom rnd = new SplittableRandom(42);
        Map<ChunkId, byte[]> bytes = new HashMap<>();
        try (Tier warm = bed.warm(name); Tier cold = bed.cold(name);
                ChunkIndex index = ChunkIndex.open(tmp.resolve("chunk-index"))) {
            List<ChunkId> a = pack(warm, index, rnd, bytes, 4, List.of());   // a[0] needed hot: stays
            List<ChunkId> b = pack(warm, index, rnd, bytes, 5, List.of());   // nothing hot: moves
            List<ChunkId> d = pack(warm, index, rnd, bytes, 2, List.of());   // nothing hot: moves
            List<ChunkId> e = pack(warm, index, rnd, bytes, 0, List.of(d.get(0))); // its only chunk is located in d's pack
            PackId packE = lastWarmPack(index);
            List<ChunkId> f = pack(warm, index, rnd, bytes, 3, List.of());   // retired by a "crashed" run below
            PackId packA = index.find(a.get(0)).orElseThrow().packId();
            PackId packB = index.find(b.get(0)).orElseThrow().packId();
            PackId packD = index.find(d.get(0)).orElseThrow().packId();
            PackId packF = index.find(f.get(0)).orElseThrow().packId();
            assertThat(e).isEmpty();
            assertThat(packE).isNotIn(packA, packB, packD, packF);
            IndexStats before = index.stats();

            // a crashed sweep: f's chunks copied cold and its pack retired, but neither deleted yet
            Map<ChunkId, ChunkLocation> fCopies = new HashMap<>();
            try (Repacker r = new Repacker(cold, warm, index, COLD)) {
                for (ChunkId id : f) {
                    r.add(id, bytes.get(id));
                }
                r.flush();
                PackIndexObject idx = read(warm, r.published().getFirst().indexKey());
                idx.body().chunks().forEach(c -> fCopies.put(c.id(), ChunkLocation.of(idx, c)));
            }
            index.retire(read(warm, packF.indexKey()), fCopies);
            assertThat(index.find(f.get(0)).orElseThrow().tier()).isEqualTo(TierCode.COLD);

            // a pack whose chunks have no other copy cannot be retired: refused, naming the pack and the chunk
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> index.retire(read(warm, packB.indexKey()), Map.of()))
                    .isInstanceOf(dev.tierpack.core.error.IntegrityException.class)
                    .hasMessageContaining("no other published copy").hasMessageContaining(packB.toString());
            assertThat(index.find(b.get(0)).orElseThrow().packId()).isEqualTo(packB);

            BudgetGate gate = new BudgetGate(Budget.monthly("1000"), new SpendTally(), Clock.systemUTC());
            WarmPackSweep.Result result = new WarmPackSweep(warm, cold, index, id -> id.equals(a.get(0)), COLD,
                    1 << 20, gate, m -> BigDecimal.ZERO).run();

            assertThat(result.state()).isEqualTo(ReplaceResult.COMPLETE);
            assertThat(result.deleted()).as("b, d, e and the retired f").isEqualTo(4);
            assertThat(result.chunks()).isEqualTo(b.size() + d.size());
            assertThat(result.coldPacks()).isPositive();
            for (PackId gone : List.of(packB, packD, packE, packF)) {
                assertThat(warm.stat(gone.indexKey())).as("index object of " + gone.hex()).isEmpty();
                assertThat(warm.stat(gone.objectKey())).as("pack " + gone.hex()).isEmpty();
                assertThat(index.isPublished(gone)).isFalse();
            }
            assertThat(warm.stat(packA.indexKey())).isPresent();
            for (ChunkId id : a) {
                assertThat(index.find(id).orElseThrow().packId()).isEqualTo(packA);
            }
            Map<ChunkId, TierCode> tiers = new HashMap<>();
            for (ChunkId id : bytes.keySet()) {
                ChunkLocation at = index.find(id).orElseThrow();
                tiers.put(id, at.tier());
                Tier from = at.tier() == TierCode.WARM ? warm : cold;
                // the embedded server serves archived objects directly: every byte is read back and checked
                assertThat(LocatedChunkReader.read(new TierRangeSource(from, at.packKey()), id, at)).isEqualTo(bytes.get(id));
                assertThat(at.tier()).as(id.toString()).isEqualTo(a.contains(id) ? TierCode.WARM : TierCode.COLD);
            }
            IndexStats after = index.stats();
            assertThat(after.chunks()).isEqualTo(before.chunks());
            assertThat(after.packs()).isEqualTo(before.packs() - 4 + 1 + result.coldPacks());

            // a second run finds nothing to move
            WarmPackSweep.Result again = new WarmPackSweep(warm, cold, index, id -> id.equals(a.get(0)), COLD,
                    1 << 20, gate, m -> BigDecimal.ZERO).run();
            assertThat(again.deleted()).isZero();
            assertThat(again.chunks()).isZero();

            // the chunk index rebuilt from the warm tier alone agrees (the deleted packs' index objects are gone)
            Path rebuilt = tmp.resolve("rebuilt");
            ChunkIndexRebuilder.rebuild(rebuilt, new TierIndexObjects(warm), x -> { });
            try (ChunkIndex r = ChunkIndex.open(rebuilt)) {
                for (Map.Entry<ChunkId, TierCode> t : tiers.entrySet()) {
                    assertThat(r.find(t.getKey()).orElseThrow().tier()).isEqualTo(t.getValue());
                }
                assertThat(r.stats().packs()).isEqualTo(after.packs());
                assertThat(r.stats().chunks()).isEqualTo(after.chunks());
            }
        }
    }

    /** Publishes a warm pack of {@code fresh} random chunks plus {@code again} (already stored elsewhere). */
    private static List<ChunkId> pack(Tier warm, ChunkIndex index, SplittableRandom rnd, Map<ChunkId, byte[]> bytes,
            int fresh, List<ChunkId> again) throws Exception {
        List<ChunkId> ids = new ArrayList<>();
        try (Repacker r = new Repacker(warm, warm, index, WARM)) {
            for (int i = 0; i < fresh; i++) {
                byte[] b = new byte[8 << 10];
                rnd.nextBytes(b);
                ChunkId id = ChunkHasher.forCurrentThread().hash(b);
                bytes.put(id, b);
                r.add(id, b);
                ids.add(id);
            }
            for (ChunkId id : again) {
                r.add(id, bytes.get(id));
            }
            r.flush();
            assertThat(r.published()).hasSize(1);
        }
        return ids;
    }

    private static PackId lastWarmPack(ChunkIndex index) {
        PackId[] last = {null};
        index.packs(p -> {
            if (p.tier() == TierCode.WARM) {
                last[0] = p.packId();
            }
        });
        return last[0];
    }

    private static PackIndexObject read(Tier warm, String key) throws Exception {
        try (InputStream in = warm.read(key)) {
            return PackIndexObject.decode(in.readAllBytes(), key);
        }
    }
}
