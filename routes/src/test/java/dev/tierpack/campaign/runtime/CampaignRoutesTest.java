package dev.tierpack.campaign.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.CampaignTestbed;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.campaign.records.RecordCodec;
import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.campaign.worker.BatchWorker;
import dev.tierpack.core.source.SourceCredentials;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.kafka.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The campaign routes on real Kafka and S3 over the golden corpus: the lister route (timer, one page per tick,
 * NotifyBuilder waits for the "listing complete" exchange) through a local directory and through the {@code aws2-s3}
 * {@code listObjects} endpoint; the worker route advised to run one batch per message sent, until it reports the
 * work done; and a rerun after the worker group's offsets were lost, which must skip every published store path.
 */
class CampaignRoutesTest {
    @TempDir Path tmp;

    RuntimeSettings settings(CampaignTestbed bed, String name, SourceUri source) {
        return bed.settings(name, source, tmp.resolve("state"), bed.s3.endpoint(), null)
                .withListing(7, Duration.ofMillis(5), 4)
                .withBatching(10, Duration.ofMillis(500))
                .withPartitions(3)
                .withPackSize(256 << 10);
    }

    /** The worker route, advised: one batch per message to {@code direct:worker-tick}. */
    static void adviseWorker(CamelContext ctx) throws Exception {
        AdviceWith.adviceWith(ctx, CampaignRoutes.WORKER, a -> a.replaceFromWith("direct:worker-tick"));
    }

    /** Counts down when the lister route stops (it stops itself when the listing is complete). */
    static CountDownLatch listerStopped(CamelContext ctx) {
        CountDownLatch stopped = new CountDownLatch(1);
        ctx.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.RouteStoppedEvent e && CampaignRoutes.LISTER.equals(e.getRoute().getRouteId())) {
                    stopped.countDown();
                }
            }
        });
        return stopped;
    }

    /** Sends ticks until the worker says the work is done; returns the outcomes. */
    static List<BatchWorker.Outcome> tickUntilDone(CamelContext ctx) {
        List<BatchWorker.Outcome> outcomes = new ArrayList<>();
        try (ProducerTemplate template = ctx.createProducerTemplate()) {
            for (int i = 0; i < 100 && !outcomes.contains(BatchWorker.Outcome.DONE); i++) {
                outcomes.add(template.requestBody("direct:worker-tick", null, BatchWorker.Outcome.class));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return outcomes;
    }

    @Test
    void theListerRouteListsTheCorpusPageByPageAndTheWorkerRouteMigratesIt() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        Path cache = tmp.resolve("cache");
        CampaignTestbed.copyTree(Corpus.cache(), cache);
        RuntimeSettings s = settings(bed, "routes-local", SourceUri.parse(cache.toUri().toString()));
        try (CampaignRuntime runtime = CampaignRuntime.open(s, BudgetHook.NONE)) {
            CamelContext ctx = runtime.camelContext();
            adviseWorker(ctx);
            CountDownLatch stopped = listerStopped(ctx);
            NotifyBuilder listed = new NotifyBuilder(ctx).fromRoute(CampaignRoutes.LISTER)
                    .whenAnyDoneMatches(e -> e.getMessage().getBody() instanceof ListerCheckpoint cp && cp.complete())
                    .create();
            CompletableFuture<CampaignRuntime.Result> run = runAsync(runtime);
            assertThat(listed.matches(60, TimeUnit.SECONDS)).as("listing completes").isTrue();
            assertThat(stopped.await(60, TimeUnit.SECONDS)).as("lister route stops itself").isTrue();

            long objects;
            try (Stream<Path> files = Files.walk(cache)) {
                objects = files.filter(Files::isRegularFile).count();
            }
            ListerCheckpoint cp = runtime.snapshot().listing();
            assertThat(cp.complete()).isTrue();
            assertThat(cp.objects()).isEqualTo(objects);
            assertThat(cp.pages()).isEqualTo((objects + 6) / 7);
            assertThat(cp.workRecords()).isEqualTo(Corpus.narinfos().size());
            Map<String, WorkRecord> work = workRecords(bed, "routes-local");
            assertThat(work).hasSize(Corpus.narinfos().size());
            assertThat(work.values()).allSatisfy(w -> {
                assertThat(w.listingKey()).isEqualTo(w.hashPart() + ".ls");
                assertThat(Files.readString(cache.resolve(w.narinfoKey()))).isEqualTo(w.narinfo());
            });

            List<BatchWorker.Outcome> outcomes = tickUntilDone(ctx);
            assertThat(outcomes).last().isEqualTo(BatchWorker.Outcome.DONE);
            assertThat(outcomes).filteredOn(o -> o == BatchWorker.Outcome.COMMITTED).hasSize(3); // 25 paths, batches of 10
            CampaignRuntime.Result result = run.get(60, TimeUnit.SECONDS);
            assertThat(result.ending().state()).isEqualTo(CampaignControl.State.COMPLETE);
            assertThat(result.report().storePaths()).isEqualTo(Corpus.narinfos().size());
            assertThat(result.report().run().batches()).isEqualTo(3);
        }
        assertThat(CampaignTestbed.publishedCounts(bed.progressEvents("routes-local")))
                .hasSize(Corpus.narinfos().size()).allSatisfy((h, n) -> assertThat(n).isEqualTo(1));
        assertThat(bed.verifyFull("routes-local", tmp.resolve("state")).findings()).isEmpty();

        // the worker group's offsets are lost (e.g. expired during a long pause): every work record comes again,
        // and every one is skipped because its store path is published
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bed.bootstrap()))) {
            admin.deleteConsumerGroups(List.of(new CampaignTopics("routes-local").workerGroup())).all().get();
        }
        try (CampaignRuntime again = CampaignRuntime.open(s, BudgetHook.NONE)) {
            adviseWorker(again.camelContext());
            CompletableFuture<CampaignRuntime.Result> run = runAsync(again);
            assertThat(tickUntilDone(again.camelContext())).last().isEqualTo(BatchWorker.Outcome.DONE);
            CampaignReport report = run.get(60, TimeUnit.SECONDS).report();
            assertThat(report.run().skipped()).isEqualTo(Corpus.narinfos().size());
            assertThat(report.run().storePaths()).isZero();
            assertThat(report.run().packs()).isZero();
            assertThat(report.storePaths()).isEqualTo(Corpus.narinfos().size());
        }
        assertThat(CampaignTestbed.publishedCounts(bed.progressEvents("routes-local")))
                .hasSize(Corpus.narinfos().size()).allSatisfy((h, n) -> assertThat(n).isEqualTo(1));
    }

    /** A budget hook that lets {@code allowed} batches through, then pauses. */
    static final class Allowance implements BudgetHook {
        final List<BatchEstimate> reserved = new ArrayList<>();
        final List<BatchUsage> recorded = new ArrayList<>();
        private int allowed;

        Allowance(int allowed) {
            this.allowed = allowed;
        }

        @Override
        public Decision reserve(BatchEstimate estimate) {
            reserved.add(estimate);
            return allowed-- > 0 ? Decision.PROCEED : Decision.pause("budget: test allowance used up");
        }

        @Override
        public void record(BatchUsage usage) {
            recorded.add(usage);
        }
    }

    @Test
    void theBudgetHookPausesTheCampaignCleanlyAndALaterRunCompletesIt() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        Path cache = tmp.resolve("cache");
        CampaignTestbed.copyTree(Corpus.cache(), cache);
        RuntimeSettings s = settings(bed, "routes-budget", SourceUri.parse(cache.toUri().toString()));
        Allowance twoBatches = new Allowance(2);
        try (CampaignRuntime runtime = CampaignRuntime.open(s, twoBatches)) {
            CampaignRuntime.Result result = runtime.run();
            assertThat(result.ending().state()).isEqualTo(CampaignControl.State.PAUSED);
            assertThat(result.ending().describe()).isEqualTo("paused: budget: test allowance used up");
            assertThat(result.report().state()).isEqualTo("paused: budget: test allowance used up");
            assertThat(twoBatches.reserved).hasSize(3);
            assertThat(twoBatches.recorded).hasSize(2);
            long published = twoBatches.recorded.stream().mapToLong(BudgetHook.BatchUsage::storePaths).sum();
            assertThat(published).isPositive().isEqualTo(result.report().storePaths());
            assertThat(twoBatches.reserved.get(0).storePaths()).isEqualTo(twoBatches.recorded.get(0).storePaths());
            assertThat(twoBatches.reserved.get(0).sourceBytes()).isEqualTo(twoBatches.recorded.get(0).sourceBytes());
        }
        assertThat(bed.progressEvents("routes-budget")).hasSize((int) twoBatches.recorded.stream()
                .mapToLong(BudgetHook.BatchUsage::storePaths).sum());
        try (CampaignRuntime runtime = CampaignRuntime.open(s, BudgetHook.NONE)) {
            CampaignRuntime.Result result = runtime.run();
            assertThat(result.ending().state()).isEqualTo(CampaignControl.State.COMPLETE);
            assertThat(result.report().storePaths()).isEqualTo(Corpus.narinfos().size());
            assertThat(result.report().run().skipped()).isZero(); // the paused batch was rewound, not committed
        }
        assertThat(CampaignTestbed.publishedCounts(bed.progressEvents("routes-budget")))
                .hasSize(Corpus.narinfos().size()).allSatisfy((h, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void anS3SourceIsListedThroughTheAws2S3ListObjectsOperationWithTheSameResult() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        bed.s3.createBucketIfMissing("routes-source");
        List<Path> files;
        try (Stream<Path> s = Files.walk(Corpus.cache())) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String key = "cache/" + Corpus.cache().relativize(f).toString().replace('\\', '/');
            bed.s3.client().putObject(b -> b.bucket("routes-source").key(key), RequestBody.fromFile(f));
        }
        bed.s3.client().putObject(b -> b.bucket("routes-source").key("other/ignored.narinfo"), RequestBody.fromString("x"));
        SourceUri.S3 uri = SourceUri.S3.of("routes-source", "cache").withEndpoint(bed.s3.endpoint())
                .withCredentials(new SourceCredentials.Static(bed.s3.credentials()));
        RuntimeSettings s = settings(bed, "routes-s3", uri);
        try (CampaignRuntime runtime = CampaignRuntime.open(s, BudgetHook.NONE)) {
            CamelContext ctx = runtime.camelContext();
            adviseWorker(ctx);
            CountDownLatch stopped = listerStopped(ctx);
            CompletableFuture<CampaignRuntime.Result> run = runAsync(runtime);
            assertThat(stopped.await(60, TimeUnit.SECONDS)).as("lister route stops itself").isTrue();
            assertThat(ctx.getEndpoints()).extracting(e -> e.getEndpointUri())
                    .anyMatch(u -> u.startsWith("aws2-s3://routes-source") && u.contains("operation=listObjects"));
            ListerCheckpoint cp = runtime.snapshot().listing();
            assertThat(cp.complete()).isTrue();
            assertThat(cp.objects()).isEqualTo(files.size());
            runtime.requestStop();
            assertThat(run.get(60, TimeUnit.SECONDS).ending().state()).isEqualTo(CampaignControl.State.STOPPED);
        }
        Map<String, WorkRecord> work = workRecords(bed, "routes-s3");
        assertThat(work.keySet()).isEqualTo(Corpus.narinfos().stream()
                .map(p -> p.getFileName().toString().substring(0, 32)).collect(Collectors.toSet()));
        assertThat(work.values()).allSatisfy(w -> assertThat(w.listingKey()).isEqualTo(w.hashPart() + ".ls"));
        // listing only: nothing was migrated, nothing was written to the tiers
        assertThat(bed.progressEvents("routes-s3")).isEmpty();
        assertThat(bed.s3.client().listObjectsV2(b -> b.bucket("routes-s3-warm")).contents()).isEmpty();
    }

    /** Runs the campaign on another thread; returns once its routes are started. */
    static CompletableFuture<CampaignRuntime.Result> runAsync(CampaignRuntime runtime) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        runtime.camelContext().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    started.countDown();
                }
            }
        });
        CompletableFuture<CampaignRuntime.Result> f = new CompletableFuture<>();
        Thread.ofPlatform().name("campaign-run").start(() -> {
            try {
                f.complete(runtime.run());
            } catch (Throwable t) {
                f.completeExceptionally(t);
                started.countDown();
            }
        });
        assertThat(started.await(60, TimeUnit.SECONDS)).as("routes started").isTrue();
        assertThat(f.isCompletedExceptionally()).isFalse();
        return f;
    }

    static Map<String, WorkRecord> workRecords(CampaignTestbed bed, String name) {
        Map<String, WorkRecord> out = new TreeMap<>();
        try (TopicReader r = new TopicReader(bed.bootstrap())) {
            r.readToEnd(new CampaignTopics(name).work(), Map.of(), rec -> {
                WorkRecord w = RecordCodec.work(rec.value(), "work@" + rec.offset());
                assertThat(rec.key()).isEqualTo(w.partitionKey());
                assertThat(out.put(w.hashPart(), w)).as("listed once: %s", w.storePath()).isNull();
            }, true, Duration.ofMinutes(1));
        }
        return out;
    }
}
