package dev.tierpack.campaign.runtime;

import dev.tierpack.campaign.lister.Lister;
import dev.tierpack.campaign.lister.LocalPages;
import dev.tierpack.campaign.lister.NarinfoReader;
import dev.tierpack.campaign.lister.S3Pages;
import dev.tierpack.campaign.placement.CampaignPlacement;
import dev.tierpack.campaign.publish.CatalogManifestStep;
import dev.tierpack.campaign.records.CampaignCheckpoints;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.campaign.recovery.CampaignRecovery;
import dev.tierpack.campaign.worker.BatchWorker;
import dev.tierpack.campaign.worker.ProgressView;
import dev.tierpack.campaign.worker.RocksProgressView;
import dev.tierpack.campaign.worker.RunStats;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.nix.NixCacheInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.BinaryCacheSources;
import dev.tierpack.core.source.S3Source;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.RetryingTier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.core.tier.Tiers;
import dev.tierpack.kafka.EmbeddedKafka;
import dev.tierpack.kafka.TopicReader;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.PackerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a campaign in this process: lister and worker routes until the listing is complete and every work
 * record is committed, or until the budget pauses, a stop is requested, or a failure outlasts its retries.
 *
 * <p>{@link #open} prepares everything in an order that makes a restart after any crash safe:
 * <ol>
 *   <li>the run lock (one run per campaign and state dir), embedded services if configured, source, tiers, chunk
 *       index, catalog (every committed batch's manifests are published into it: {@link CatalogManifestStep});
 *   <li>recovery ({@link CampaignRecovery}): packs a crashed run uploaded are reused or deleted;
 *   <li>the topics (created if missing);
 *   <li>both transactional producers fence their predecessors (open transactions of a crashed run are aborted),
 *       <em>then</em> the progress view catches up with the progress topic, the lister loads its checkpoint and
 *       the worker its committed offsets.
 * </ol>
 * {@link #run} starts the Camel routes and blocks until the run ends. {@link #requestStop} (Ctrl-C) makes the
 * worker finish the store path at hand, publish what it has and commit; nothing half-done is ever committed.
 */
public final class CampaignRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignRuntime.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    /** The end of a run and its report. */
    public record Result(CampaignControl.Ending ending, CampaignReport report) {}

    /** What the runtime is doing now, for progress displays. */
    public record Snapshot(ListerCheckpoint listing, ProgressView.Totals totals, RunStats run, long elapsedNanos) {}

    private final RuntimeSettings settings;
    private final CampaignTopics topics;
    private final CampaignControl control = new CampaignControl();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();
    private Tier warm;
    private Tier cold;
    private ProgressView view;
    private Lister lister;
    private BatchWorker worker;
    private CampaignContext camel;
    private CampaignRecovery.Result recovery;
    private Catalog catalog;
    private volatile ListerCheckpoint listing = ListerCheckpoint.START;

    private record CampaignContext(CamelContext context) implements AutoCloseable {
        @Override
        public void close() {
            context.stop();
        }
    }

    private CampaignRuntime(RuntimeSettings settings) {
        this.settings = settings;
        this.topics = new CampaignTopics(settings.campaign());
    }

    /**
     * Prepares a run (see the class comment); nothing is migrated until {@link #run}.
     *
     * @param budget the cost/budget gate ({@link BudgetHook#NONE} never pauses)
     */
    public static CampaignRuntime open(RuntimeSettings settings, BudgetHook budget) {
        CampaignRuntime rt = new CampaignRuntime(settings);
        try {
            rt.prepare(Objects.requireNonNull(budget, "budget"));
            return rt;
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        } catch (Exception e) {
            rt.close();
            throw new TierpackException("preparing the campaign failed", e, "campaign", settings.campaign(),
                    "cause", e.toString());
        }
    }

    private void prepare(BudgetHook budget) throws Exception {
        closeables.push(RunLock.acquire(settings.campaignDir()));
        clearScratch(settings.campaignDir().resolve("work")); // staging spill files a crashed run left behind
        EmbeddedS3 s3 = null;
        if (settings.needsEmbeddedS3()) {
            s3 = EmbeddedS3.start(settings.stateDir().resolve("s3"), 0);
            closeables.push(s3);
        }
        String bootstrap = settings.kafkaBootstrap();
        if (settings.embeddedKafka()) {
            EmbeddedKafka kafka = EmbeddedKafka.start(settings.stateDir().resolve("kafka"), settings.partitions());
            closeables.push(kafka);
            bootstrap = kafka.bootstrapServers();
        }

        SourceUri sourceUri = switch (settings.source()) {
            case RuntimeSettings.SourceChoice.Uri u -> u.uri();
            case RuntimeSettings.SourceChoice.EmbeddedDemo d -> {
                if (DemoCache.ensure(s3, d.bucket(), settings.stateDir(), d.packages(), d.bumps()).isPresent()) {
                    LOG.info("generated the demo cache into the embedded bucket: bucket={}", d.bucket());
                }
                yield DemoCache.sourceUri(s3, d.bucket());
            }
        };
        BinaryCacheSource source = BinaryCacheSources.open(sourceUri);
        closeables.push(source);
        warm = CrashPointTier.wrapIfArmed(openTier(settings.warm(), s3));
        closeables.push(warm);
        cold = openTier(settings.cold(), s3);
        closeables.push(cold);
        ChunkIndex chunkIndex = ChunkIndex.open(settings.stateDir().resolve("chunk-index"));
        closeables.push(chunkIndex);
        catalog = Catalog.open(settings.stateDir().resolve("catalog"));
        closeables.push(catalog);
        BatchWorker.ManifestStep manifests = new CatalogManifestStep(warm, chunkIndex, catalog);

        recovery = CampaignRecovery.run(warm, cold, chunkIndex);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            topics.ensure(admin, settings.partitions());
        }

        RocksProgressView rocks = RocksProgressView.open(settings.campaignDir().resolve("progress-view"));
        view = rocks;
        closeables.push(rocks);

        CampaignPlacement placement = CampaignPlacement.open(settings.campaignDir(), settings.placement());
        closeables.push(placement);
        NarinfoReader narinfos = new NarinfoReader(source, parser(source), settings.concurrency(), System::currentTimeMillis);
        lister = new Lister(bootstrap, topics, narinfos, settings.listPageSize(), (cp, quarantined, work) -> {
            view.apply(quarantined);
            listing = cp;
        }, placement);
        closeables.push(lister);
        BatchWorker.Dependencies deps = new BatchWorker.Dependencies(bootstrap, topics, source, warm, chunkIndex,
                packerConfig(), view, budget, manifests, () -> listing.complete(), System::nanoTime, cold, placement);
        worker = new BatchWorker(deps, settings.batchSize(), settings.maxBatchAge());
        closeables.push(worker);

        // fence every writer before reading anything back (see Lister#fence)
        lister.fence();
        worker.fence();
        CampaignCheckpoints checkpoints;
        try (TopicReader reader = new TopicReader(bootstrap)) {
            RocksProgressView.CatchUp c = rocks.catchUp(reader, topics.progress(), reader.topicId(topics.progress()), READ_TIMEOUT);
            LOG.info("progress view caught up: campaign={} events={} published={} quarantined={}", topics.campaign(),
                    c.events(), view.totals().published(), view.totals().quarantined());
            checkpoints = CampaignCheckpoints.read(reader, topics, true, READ_TIMEOUT);
        }
        lister.load();
        listing = lister.checkpoint();
        worker.load(checkpoints.worker());

        CamelContext ctx = new DefaultCamelContext();
        ctx.getShutdownStrategy().setTimeout(300);
        ctx.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        CampaignRoutes.Pages pages;
        if (source instanceof S3Source s3Source) {
            ctx.getRegistry().bind(CampaignRoutes.SOURCE_CLIENT, s3Source.client());
            pages = new CampaignRoutes.Pages.S3(new S3Pages(s3Source.config()));
        } else {
            pages = new CampaignRoutes.Pages.Local(new LocalPages(source));
        }
        ctx.addRoutes(new CampaignRoutes(lister, pages, worker, control, settings.listInterval(),
                CampaignRoutes.Retries.DEFAULT));
        camel = new CampaignContext(ctx);
        closeables.push(camel);
    }

    private static void clearScratch(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    private Tier openTier(RuntimeSettings.TierChoice choice, EmbeddedS3 s3) {
        Tier bare = switch (choice) {
            case RuntimeSettings.TierChoice.Embedded e -> Tiers.open(new TierSpec.Embedded(e.name(), s3, e.bucket(), e.storageClass()));
            case RuntimeSettings.TierChoice.Spec s -> Tiers.open(s.spec());
        };
        return Tiers.decorate(bare, RetryingTier.Settings.defaults(), null, null);
    }

    private PackerConfig packerConfig() {
        PackerConfig d = PackerConfig.defaults(settings.campaignDir().resolve("work"));
        long pack = settings.packSize();
        int segment = (int) Math.min(PackWriterConfig.DEFAULT_SEGMENT_SIZE, Math.max(64 << 10, pack / 4));
        PackWriterConfig warmPacks = new PackWriterConfig(pack, segment, d.warm().compression(), TierCode.WARM, ContentCode.DATA);
        return new PackerConfig(d.chunker(), warmPacks, d.stagingMemory(), d.workDir());
    }

    /** Narinfos must be in the cache's StoreDir when it declares one. */
    private static NarInfoParser parser(BinaryCacheSource source) throws IOException {
        if (source.head("nix-cache-info").isEmpty()) {
            return NarInfoParser.standard();
        }
        try (InputStream in = source.open("nix-cache-info")) {
            return NarInfoParser.forCache(NixCacheInfo.parse(in, "nix-cache-info"));
        }
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** The Camel context of the routes (started by {@link #run}); tests advise routes through it. */
    public CamelContext camelContext() {
        return camel.context();
    }

    public CampaignRecovery.Result recovery() {
        return recovery;
    }

    /** Runs the routes until the run ends; returns how it ended and the report. */
    public Result run() throws InterruptedException {
        if (listing.complete()) {
            LOG.info("listing already complete: campaign={} workRecords={}", topics.campaign(), listing.workRecords());
        }
        camel.context().start();
        CampaignControl.Ending ending;
        try {
            ending = control.await();
        } finally {
            worker.requestStop();
            camel.context().stop();
        }
        LOG.info("campaign run ended: campaign={} state={}", topics.campaign(), ending.describe());
        return new Result(ending, report(ending));
    }

    /** Ends the run gracefully (e.g. on Ctrl-C): the worker commits what it has finished. Thread-safe. */
    public void requestStop() {
        worker.requestStop();
        control.stop();
    }

    /** Waits until {@link #close} has finished (for shutdown hooks). */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Snapshot snapshot() {
        return new Snapshot(listing, view.totals(), worker.stats(), System.nanoTime() - startNanos);
    }

    public CampaignReport report(CampaignControl.Ending ending) {
        Map<String, Long> stored = new LinkedHashMap<>();
        Map<String, Long> objects = new LinkedHashMap<>();
        for (Tier t : new Tier[] {warm, cold}) {
            long bytes = 0;
            long count = 0;
            for (Iterator<TierObject> it = t.list("", null); it.hasNext(); ) {
                bytes += it.next().size();
                count++;
            }
            stored.put(t.name(), bytes);
            objects.put(t.name(), count);
        }
        RunStats s = worker.stats();
        ListerCheckpoint l = listing;
        ProgressView.Totals totals = view.totals();
        CampaignReport.Run run = new CampaignReport.Run(s.batches.get(), s.published.get(), s.quarantined.get(),
                s.skipped.get(), s.sourceBytes.get(), s.narBytes.get(), s.packs.get(), s.packBytes.get(), s.chunks.get(),
                s.newChunks.get(), s.newBytes.get(), s.failedBatches.get(), recovery.reused().size(),
                recovery.orphans().size(), s.manifestPacks.get(), s.manifestBytes.get());
        return new CampaignReport(settings.campaign(), ending.describe(), l.objects(), l.bytes(), l.narinfos(),
                l.complete(), totals.published(), totals.quarantined(), totals.narBytes(), stored, objects, run,
                (System.nanoTime() - startNanos) / 1e9);
    }

    @Override
    public void close() {
        try {
            while (!closeables.isEmpty()) {
                AutoCloseable c = closeables.pop();
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing failed: {} cause={}", c.getClass().getSimpleName(), e.toString());
                }
            }
        } finally {
            closed.countDown();
        }
    }
}
