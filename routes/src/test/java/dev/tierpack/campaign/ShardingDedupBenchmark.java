package dev.tierpack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the deduplication lost to sharding: the same generated cache migrated by 1 and by 4 {@code campaign
 * worker} processes (one consumer group on a 6-partition work topic, package-name keys). Each worker deduplicates
 * against its chunk index, which learns other workers' packs only when it is assigned partitions, so chunks shared
 * by packages of different partitions processed at the same time are stored more than once. Prints bytes stored on
 * the warm tier and the new chunk bytes of the published store paths for both runs (figures in
 * docs/BENCHMARKS.md). A measurement, not part of the suite:
 *
 * <pre>bin/mvn -B -o verify -pl routes -am -Dtest=ShardingDedupBenchmark -Dtierpack.bench=sharding
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true</pre>
 */
@EnabledIfSystemProperty(named = "tierpack.bench", matches = "sharding")
class ShardingDedupBenchmark {
    @TempDir Path tmp;

    record Run(int workers, long storePaths, long events, long chunks, long newChunks, long warmObjects, long warmBytes,
            long newChunkBytes, double seconds) {}

    @Test
    void oneWorkerAgainstFour() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        Path cache = bed.cache();
        int storePaths = CampaignTestbed.narinfos(cache).size();
        long sourceBytes;
        try (var s = Files.walk(cache)) {
            sourceBytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        Run one = run(bed, cache, "shard1", 1);
        Run four = run(bed, cache, "shard4", 4);
        for (Run r : List.of(one, four)) {
            assertThat(r.storePaths()).isEqualTo(storePaths);
        }
        double lostWarm = (double) four.warmBytes() / one.warmBytes() - 1;
        double lostChunks = (double) four.newChunkBytes() / one.newChunkBytes() - 1;
        System.out.printf(Locale.ROOT, "sharding dedup: cache %d store paths, %d source bytes%n", storePaths, sourceBytes);
        for (Run r : List.of(one, four)) {
            System.out.printf(Locale.ROOT, "  %d worker(s): warm %d objects, %d bytes; published events %d, chunks %d, new chunks %d,"
                    + " new chunk bytes %d; %.1f s%n", r.workers(), r.warmObjects(), r.warmBytes(), r.events(), r.chunks(),
                    r.newChunks(), r.newChunkBytes(), r.seconds());
        }
        System.out.printf(Locale.ROOT, "  lost to sharding: warm bytes +%.2f%%, new chunk bytes +%.2f%%%n", 100 * lostWarm,
                100 * lostChunks);
    }

    private Run run(CampaignTestbed bed, Path cache, String name, int n) throws Exception {
        WorkerGroup group = new WorkerGroup(bed, name, cache, Files.createDirectories(tmp.resolve(name)));
        long t0 = System.nanoTime();
        try {
            group.list();
            for (int i = 0; i < n; i++) {
                group.start("w" + i);
            }
            group.awaitAll(Duration.ofMinutes(15));
        } finally {
            group.killAll();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        var events = bed.progressEvents(name);
        Map<String, Integer> published = CampaignTestbed.publishedCounts(events);
        long count = 0;
        long chunks = 0;
        long newChunks = 0;
        for (var e : events) {
            if (e.kind() == dev.tierpack.campaign.records.ProgressEvent.Kind.PUBLISHED) {
                count++;
                chunks += e.chunks();
                newChunks += e.newChunks();
            }
        }
        long objects;
        try (var w = bed.warm(name)) {
            objects = 0;
            for (var it = w.list("", null); it.hasNext(); it.next()) {
                objects++;
            }
        }
        Path logs = Files.createDirectories(Path.of("target", "sharding-logs", name));
        for (WorkerGroup.Worker w : group.workers) {
            Files.writeString(logs.resolve(w.id + ".log"), w.text());
        }
        return new Run(n, published.size(), count, chunks, newChunks, objects, group.warmBytes(), group.newChunkBytes(),
                seconds);
    }
}
