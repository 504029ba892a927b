package dev.tierpack.packer.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish rate and lookup rates at a modest scale (a few hundred thousand chunks; a campaign has billions, so these
 * are upper bounds for a hot cache, not predictions). Prints figures; asserts only sanity.
 */
class ChunkIndexThroughputTest {
    private static final int PACKS = 80;
    private static final int CHUNKS_PER_PACK = 2500;
    private static final int LOOKUPS = 100_000;

    @TempDir
    Path tmp;

    @Test
    void publishAndLookupRates() throws IOException {
        Random r = new Random(42);
        List<PackIndexObject> objects = new ArrayList<>(PACKS);
        List<ChunkId> all = new ArrayList<>(PACKS * CHUNKS_PER_PACK);
        for (int p = 0; p < PACKS; p++) {
            List<ChunkId> ids = new ArrayList<>(CHUNKS_PER_PACK);
            for (int c = 0; c < CHUNKS_PER_PACK; c++) {
                ids.add(IndexFixtures.randomId(r));
            }
            all.addAll(ids);
            objects.add(IndexFixtures.synthetic(IndexFixtures.packId(p), ids, 64, TierCode.WARM));
        }
        int total = all.size();

        Path home = tmp.resolve("index");
        try (ChunkIndex index = ChunkIndex.open(home)) {
            long t0 = System.nanoTime();
            for (PackIndexObject o : objects) {
                index.publish(o);
            }
            double publishSeconds = seconds(t0);
            assertThat(index.stats().chunks()).isEqualTo(total);
            report("publish (sync per pack)", total, publishSeconds, "chunks");
            // lookups below read SST files through the block cache, as they mostly would in a large index, not the
            // memtable that still holds everything just published
            index.flush();

            long t1 = System.nanoTime();
            int hits = 0;
            for (int i = 0; i < LOOKUPS; i++) {
                if (index.find(all.get(r.nextInt(total))).isPresent()) {
                    hits++;
                }
            }
            report("find, random hits", LOOKUPS, seconds(t1), "lookups");
            assertThat(hits).isEqualTo(LOOKUPS);

            long t2 = System.nanoTime();
            int misses = 0;
            for (int i = 0; i < LOOKUPS; i++) {
                if (!index.contains(IndexFixtures.randomId(r))) {
                    misses++;
                }
            }
            report("contains, random misses", LOOKUPS, seconds(t2), "lookups");
            assertThat(misses).isEqualTo(LOOKUPS);

            long t3 = System.nanoTime();
            int found = 0;
            int expected = 0;
            for (int i = 0; i < LOOKUPS; i += ChunkIndex.MULTI_GET_BATCH) {
                List<ChunkId> batch = new ArrayList<>(ChunkIndex.MULTI_GET_BATCH);
                Set<ChunkId> batchHits = new HashSet<>();
                for (int k = 0; k < ChunkIndex.MULTI_GET_BATCH; k++) {
                    ChunkId id = k % 2 == 0 ? all.get(r.nextInt(total)) : IndexFixtures.randomId(r);
                    batch.add(id);
                    if (k % 2 == 0) {
                        batchHits.add(id);
                    }
                }
                expected += batchHits.size();
                found += index.findAll(batch).size();
            }
            int queried = (LOOKUPS + ChunkIndex.MULTI_GET_BATCH - 1) / ChunkIndex.MULTI_GET_BATCH * ChunkIndex.MULTI_GET_BATCH;
            report("findAll (batches of 1024, half hits)", queried, seconds(t3), "lookups");
            assertThat(found).isEqualTo(expected);
        }

        long t4 = System.nanoTime();
        RebuildResult rebuilt = ChunkIndexRebuilder.rebuild(tmp.resolve("rebuilt"), each -> {
            for (PackIndexObject o : objects) {
                each.accept(o.packId().indexKey(), o.encode());
            }
        }, rejected -> {
            throw new AssertionError(rejected);
        });
        report("rebuild (decode + publish, no WAL)", total, seconds(t4), "chunks");
        assertThat(rebuilt.stats().chunks()).isEqualTo(total);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String what, long n, double seconds, String unit) {
        System.out.printf(Locale.ROOT, "chunk index %-36s %,10d %s in %6.2f s = %,12.0f %s/s%n",
                what, n, unit, seconds, n / seconds, unit);
        assertThat(n / seconds).as(what).isGreaterThan(1000);
    }
}
