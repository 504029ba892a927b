package dev.tierpack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.CatalogRebuilder;
import dev.tierpack.packer.upload.OrphanCollector;
import dev.tierpack.packer.verify.VerifyReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out bar: {@code campaign list} fills a 6-partition work topic, three {@code campaign worker} processes
 * (child JVMs of the tierpack main class, one consumer group, each with its own state dir and transactional id)
 * share it, and one of them is SIGKILLed mid-run. The group moves the dead worker's partitions to the other two
 * (after the session timeout), which redo its uncommitted batch. At the end every store path is published exactly
 * once (progress topic), the catalog rebuilt from the warm tier holds every store path once and each reads back to
 * its NarHash, and, once the orphans the killed worker left are collected ({@code packer gc-orphans}, the documented
 * step after a campaign), {@code packer verify --full} finds nothing.
 */
class MultiWorkerCampaignTest {
    private static final String NAME = "multi";

    @TempDir Path tmp;

    @Test
    void threeWorkersOneKilledPublishEveryStorePathExactlyOnce() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        // a smaller cache than the shared one (about 250 store paths): three JVMs share two cores in CI
        Path cache = tmp.resolve("cache");
        CampaignTestbed.generate(cache, 12, 60, 4, 0.02);
        List<Path> narinfos = CampaignTestbed.narinfos(cache);
        WorkerGroup group = new WorkerGroup(bed, NAME, cache, tmp);
        try {
            group.list();
            List<WorkerGroup.Worker> workers = new ArrayList<>();
            // every worker commits one store path per batch: the campaign then lasts long enough for the three JVMs to
            // form the group (with larger batches two workers could finish before the third joins), polls between
            // small batches keep rebalances quick, and the victim, killed after two batches, surely leaves work in its
            // partitions that the survivors must take over
            for (String id : List.of("w0", "w1", "w2")) {
                workers.add(group.start(id, 1));
            }
            WorkerGroup.Worker victim = workers.get(1);
            // generous deadlines: three JVMs, a broker and an S3 server share two cores; on a loaded machine a worker
            // JVM takes tens of seconds to start and join (the deadlines only bound a failure, a pass is not slower)
            // kill only once the whole group has formed (every worker owns partitions): killed earlier, the victim's
            // partitions could go to the others in their first assignment, and no takeover would be seen
            for (WorkerGroup.Worker w : workers) {
                w.awaitLine(l -> l.contains("partitions assigned") && !l.contains("assigned=[]"), Duration.ofSeconds(180),
                        "partition assignment");
            }
            long before = victim.committed.get();
            victim.awaitLine(l -> victim.committed.get() >= before + 2, Duration.ofSeconds(120), "two committed batches");
            victim.kill();
            group.awaitAll(Duration.ofSeconds(300));
            for (WorkerGroup.Worker w : workers) {
                System.out.printf("worker %s: %d batches committed%s%n", w.id, w.committed.get(), w.killed ? " (killed)" : "");
            }

            // the survivors took the dead worker's partitions over
            long assignments = workers.stream().filter(w -> w != victim)
                    .flatMap(w -> w.lines.stream()).filter(l -> l.contains("caught up after assignment")).count();
            assertThat(assignments).as("assignments of the surviving workers (initial + after the kill)").isGreaterThan(2);
            for (WorkerGroup.Worker w : workers) {
                assertThat(w.text()).as("worker %s", w.id).doesNotContain("campaign step failed");
            }
        } finally {
            group.killAll();
        }

        // every store path published exactly once
        Map<String, Integer> published = CampaignTestbed.publishedCounts(bed.progressEvents(NAME));
        assertThat(published).hasSize(narinfos.size())
                .allSatisfy((hash, n) -> assertThat(n).as("published %s", hash).isEqualTo(1));

        // the catalog and chunk index rebuilt from the warm tier alone hold every store path once
        Path readBack = tmp.resolve("read-back");
        try (Tier warm = bed.warm(NAME)) {
            List<String> rejected = new ArrayList<>();
            CatalogRebuilder.Result r = CatalogRebuilder.rebuild(warm, readBack.resolve("catalog"),
                    readBack.resolve("chunk-index"), bad -> rejected.add(bad.name() + ": " + bad.reason()));
            assertThat(rejected).isEmpty();
            assertThat(r.stats().storePaths()).isEqualTo(narinfos.size());
        }
        bed.assertCatalogued(NAME, readBack, narinfos);

        // packer gc-orphans --delete --min-age 0s once no worker runs, then verify --full is clean
        try (Tier warm = bed.warm(NAME); Tier cold = bed.cold(NAME)) {
            OrphanCollector.collect(warm, warm, Duration.ZERO, true, Instant.now());
            OrphanCollector.collect(warm, cold, Duration.ZERO, true, Instant.now());
        }
        VerifyReport verify = bed.verifyFull(NAME, readBack);
        assertThat(verify.findings()).as("no damage, no orphan, no unindexed pack").isEmpty();
        bed.assertMigrated(NAME, cache, readBack, narinfos, 20);
    }
}
