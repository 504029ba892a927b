package dev.tierpack.packer.index;

import static dev.tierpack.packer.index.IndexFixtures.packId;
import static dev.tierpack.packer.index.IndexFixtures.randomId;
import static dev.tierpack.packer.index.IndexFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FORMAT.md 7.6 and 11.2: for a chunk held by a warm and a cold pack, the index points to the warm one. */
class WarmWinsTest {
    @TempDir Path tmp;

    static List<ChunkId> ids(long seed, int n) {
        Random r = new Random(seed);
        List<ChunkId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(randomId(r));
        }
        return out;
    }

    @Test
    void aWarmCopyReplacesAColdLocationAndAColdCopyNeverReplacesAWarmOne() {
        List<ChunkId> shared = ids(1, 40);
        List<ChunkId> more = new ArrayList<>(shared.subList(0, 10));
        more.addAll(ids(2, 5));
        PackIndexObject cold = synthetic(packId(1), shared, 8, TierCode.COLD);
        PackIndexObject warm = synthetic(packId(2), more, 8, TierCode.WARM);
        PackIndexObject coldAgain = synthetic(packId(3), shared, 8, TierCode.COLD);
        try (ChunkIndex index = ChunkIndex.open(tmp.resolve("home"))) {
            index.publish(cold);
            PublishResult r = index.publish(warm);
            assertThat(r.newChunks()).isEqualTo(5);
            for (ChunkId id : shared.subList(0, 10)) {
                assertThat(index.find(id).orElseThrow().tier()).isEqualTo(TierCode.WARM);
                assertThat(index.find(id).orElseThrow().packId()).isEqualTo(warm.packId());
            }
            assertThat(index.find(shared.get(20)).orElseThrow().tier()).isEqualTo(TierCode.COLD);
            index.publish(coldAgain);
            assertThat(index.find(shared.get(3)).orElseThrow().packId()).isEqualTo(warm.packId());
            assertThat(index.find(shared.get(20)).orElseThrow().packId()).isEqualTo(cold.packId());
            assertThat(index.stats().chunks()).isEqualTo(45);
        }
    }

    @Test
    void aRebuildPrefersWarmWhateverTheOrderAndThenTheSmallestPack() {
        List<ChunkId> shared = ids(3, 20);
        PackIndexObject oldCold = synthetic(packId(1), shared, 8, TierCode.COLD);
        PackIndexObject warm = synthetic(packId(5), shared, 8, TierCode.WARM);
        PackIndexObject newCold = synthetic(packId(9), shared, 8, TierCode.COLD);
        List<List<PackIndexObject>> orders = List.of(List.of(oldCold, warm, newCold), List.of(newCold, warm, oldCold),
                List.of(warm, newCold, oldCold));
        int n = 0;
        for (List<PackIndexObject> order : orders) {
            try (ChunkIndex index = ChunkIndex.openStore(tmp.resolve("rebuild" + n++), ChunkIndexConfig.defaults(), null,
                    false, true, ChunkIndex.Conflict.KEEP_SMALLEST_PACK, ChunkIndex.Faults.NONE)) {
                order.forEach(index::publish);
                for (ChunkId id : shared) {
                    assertThat(index.find(id).orElseThrow().packId()).isEqualTo(warm.packId());
                }
            }
        }
    }
}
