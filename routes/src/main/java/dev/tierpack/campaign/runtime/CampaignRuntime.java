package dev.tierpack.campaign.runtime;

import dev.tierpack.campaign.ledger.BatchCostEstimate;
import dev.tierpack.campaign.ledger.CampaignLedger;
import dev.tierpack.campaign.ledger.LedgerBudget;
import dev.tierpack.campaign.lister.Lister;
import dev.tierpack.campaign.metrics.CampaignMetrics;
import dev.tierpack.campaign.metrics.KafkaLag;
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
import dev.tierpack.core.cost.CostMeter;
import dev.tierpack.core.cost.Holding;
import dev.tierpack.core.cost.StorageCost;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.nix.NixCacheInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.BinaryCacheSources;
import dev.tierpack.core.source.ResilientSource;
import dev.tierpack.core.source.S3Source;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.CircuitBreakerTier;
import dev.tierpack.core.tier.RequestListener;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
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
import java.math.BigDecimal;
import java.util.List;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * What a progress line shows.
     *
     * @param spentUsd        the campaign's spending in all, from the ledger (committed entries and this run's)
     * @param monthlyCapUsd   the monthly budget cap, or null without a budget
     */
    public record Snapshot(ListerCheckpoint listing, ProgressView.Totals totals, RunStats run, long elapsedNanos,
            BigDecimal spentUsd, BigDecimal monthlyCapUsd) {
        public Snapshot(ListerCheckpoint listing, ProgressView.Totals totals, RunStats run, long elapsedNanos) {
            this(listing, totals, run, elapsedNanos, null, null);
        }
    }

    private final RuntimeSettings settings;
    private final CampaignTopics topics;
    private final CampaignControl control = new CampaignControl();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();
    private final CampaignMetrics metrics;
    private Tier warm;
    private Tier cold;
    private ProgressView view;
    private Lister lister;
    private BatchWorker worker;
    private CampaignContext camel;
    private CampaignRecovery.Result recovery;
    private Catalog catalog;
    private CampaignLedger ledger;
    private volatile ListerCheckpoint listing = ListerCheckpoint.START;
    private RunRole role = RunRole.SINGLE;
    private String bootstrap;
    private RocksProgressView rocks;
    private ChunkIndex chunkIndex;

    private record CampaignContext(CamelContext context) implements AutoCloseable {
        @Override
        public void close() {
            context.stop();
        }
    }

    private CampaignRuntime(RuntimeSettings settings) {
        this.settings = settings;
        this.topics = new CampaignTopics(settings.campaign());
        this.metrics = new CampaignMetrics(settings.campaign());
    }

    /**
     * Prepares a run (see the class comment); nothing is migrated until {@link #run}.
     *
     * @param budget the cost/budget gate ({@link BudgetHook#NONE} never pauses)
     */
    public static CampaignRuntime open(RuntimeSettings settings, BudgetHook budget) {
        return open(settings, budget, RunRole.SINGLE);
    }

    /**
     * Prepares a run in a given role: {@link RunRole#lister()} prepares only the lister (no tiers, chunk index or
     * catalog); a group worker ({@link RunRole#worker}) prepares no lister, recovers with an orphan age bound and
     * joins the worker group ({@link GroupWorkers}).
     */
    public static CampaignRuntime open(RuntimeSettings settings, BudgetHook budget, RunRole role) {
        CampaignRuntime rt = new CampaignRuntime(settings);
        rt.role = Objects.requireNonNull(role, "role");
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
            s3 = EmbeddedS3.start(new StateDir(settings.stateDir()).embeddedS3(), 0);
            closeables.push(s3);
        }
        bootstrap = settings.kafkaBootstrap();
        if (settings.embeddedKafka()) {
            EmbeddedKafka kafka = EmbeddedKafka.start(new StateDir(settings.stateDir()).embeddedKafka(), settings.partitions());
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
        ResilientSource source = BinaryCacheSources.openResilient(sourceUri, settings.resilience().source());
        closeables.push(source);
        ledger = new CampaignLedger(topics, settings.cost(), tierName(settings.warm()), tierName(settings.cold()));
        closeables.push(ledger);
        BinaryCacheSource listerSource = ledger.metered(source, CampaignLedger.Writer.LISTER, settings.listPageSize());
        BinaryCacheSource workerSource = ledger.metered(source, CampaignLedger.Writer.WORKER, settings.listPageSize());
        BatchWorker.ManifestStep manifests = null;
        if (role.works()) {
            warm = CrashPointTier.wrapIfArmed(openTier(settings.warm(), s3));
            closeables.push(warm);
            cold = openTier(settings.cold(), s3);
            closeables.push(cold);
            chunkIndex = ChunkIndex.open(new StateDir(settings.stateDir()).chunkIndex());
            closeables.push(chunkIndex);
            catalog = Catalog.open(new StateDir(settings.stateDir()).catalog());
            closeables.push(catalog);
            manifests = new CatalogManifestStep(warm, chunkIndex, catalog);
            recovery = CampaignRecovery.run(warm, cold, chunkIndex, role.minOrphanAge());
        } else {
            recovery = new CampaignRecovery.Result(java.util.List.of(), java.util.List.of(), java.util.List.of());
        }

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            topics.ensure(admin, settings.partitions());
        }

        rocks = RocksProgressView.open(settings.campaignDir().resolve("progress-view"));
        view = rocks;
        closeables.push(rocks);

        if (budget == BudgetHook.NONE && settings.cost().budget().isPresent()) {
            budget = new LedgerBudget(ledger, settings.cost().budget().get(),
                    costEstimate());
        }
        if (role.groupWorker() && settings.placement().active()) {
            // the lister records the placement facts in its own state dir; group workers cannot see them yet
            throw new ConfigException("placement is not supported with 'campaign worker' yet: run the campaign with"
                    + " 'campaign run', or without a placement section", "campaign", settings.campaign());
        }
        CampaignPlacement placement = CampaignPlacement.open(settings.campaignDir(), settings.placement());
        closeables.push(placement);
        if (role.lists()) {
            NarinfoReader narinfos = new NarinfoReader(listerSource, parser(listerSource), settings.concurrency(),
                    System::currentTimeMillis);
            lister = new Lister(bootstrap, topics, narinfos, settings.listPageSize(), (cp, quarantined, work) -> {
                view.apply(quarantined);
                listing = cp;
            }, placement);
            closeables.push(lister);
            lister.attachLedger(ledger, source.delegate() instanceof S3Source);
            lister.attachBudget(budget);
        }
        if (role.works()) {
            GroupWorkers group = role.groupWorker() ? new GroupWorkers(this) : null;
            BatchWorker.Dependencies deps = new BatchWorker.Dependencies(bootstrap, topics, workerSource, warm,
                    chunkIndex, packerConfig(), view, budget, manifests,
                    group == null ? () -> listing.complete() : group::campaignFinished, System::nanoTime, cold, placement);
            worker = new BatchWorker(deps, settings.batchSize(), settings.maxBatchAge());
            worker.attachLedger(ledger);
            closeables.push(worker);
            if (group != null) {
                worker.joinGroup(group.membership(role));
            }
        }

        // fence every writer before reading anything back (see Lister#fence)
        if (lister != null) {
            lister.fence();
        }
        if (worker != null) {
            worker.fence();
        }
        ledger.fence(bootstrap, ledgerTransactionalId());
        CampaignCheckpoints checkpoints;
        try (TopicReader reader = new TopicReader(bootstrap)) {
            RocksProgressView.CatchUp c = rocks.catchUp(reader, topics.progress(), reader.topicId(topics.progress()), READ_TIMEOUT);
            LOG.info("progress view caught up: campaign={} events={} published={} quarantined={}", topics.campaign(),
                    c.events(), view.totals().published(), view.totals().quarantined());
            checkpoints = CampaignCheckpoints.read(reader, topics, true, READ_TIMEOUT);
            ledger.rebuild(reader, READ_TIMEOUT);
        }
        if (lister != null) {
            lister.load();
            listing = lister.checkpoint();
        } else {
            listing = checkpoints.lister();
        }
        if (worker != null) {
            worker.load(checkpoints.worker());
        }

        CamelContext ctx = new DefaultCamelContext();
        ctx.getShutdownStrategy().setTimeout(300);
        ctx.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        CampaignRoutes.Pages pages;
        if (lister == null) {
            pages = null;
        } else if (source.delegate() instanceof S3Source s3Source) {
            ctx.getRegistry().bind(CampaignRoutes.SOURCE_CLIENT, s3Source.client());
            pages = new CampaignRoutes.Pages.S3(new S3Pages(s3Source.config()));
        } else {
            pages = new CampaignRoutes.Pages.Local(new LocalPages(listerSource));
        }
        BreakerGate breakers = bindMetrics(source, bootstrap);
        ctx.addRoutes(new CampaignRoutes(lister, pages, worker, control, settings.listInterval(),
                CampaignRoutes.Retries.DEFAULT, breakers));
        camel = new CampaignContext(ctx);
        closeables.push(camel);
    }

    /** Binds every meter; returns the gate on the endpoints' circuit breakers. */
    private BreakerGate bindMetrics(ResilientSource source, String bootstrap) {
        metrics.bindListing(() -> listing);
        if (worker != null) {
            metrics.bindRun(worker.stats());
        }
        metrics.bindSource(source);
        metrics.bindCostMeter(() -> ledger.spentUsd().doubleValue());
        metrics.bindBudgetRemaining(() -> ledger.remainingThisMonthUsd().map(BigDecimal::doubleValue).orElse(Double.NaN));
        List<CircuitBreaker> breakers = new ArrayList<>();
        breakers.add(source.breaker());
        for (Tier t : new Tier[] {warm, cold}) {
            if (t != null) {
                metrics.bindTier(t);
                Tiers.find(t, CircuitBreakerTier.class).ifPresent(b -> breakers.add(b.breaker()));
            }
        }
        KafkaLag lag = new KafkaLag(bootstrap, topics.work(), topics.workerGroup(), Duration.ofSeconds(2));
        closeables.push(lag);
        metrics.bindKafkaLag(lag::records);
        return new BreakerGate(breakers);
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
        Tier bare = CampaignTiers.bare(choice, s3);
        CostMeter meter = ledger.meter(CampaignLedger.Writer.WORKER);
        RequestListener both = (tier, kind, bytes) -> {
            meter.onRequest(tier, kind, bytes);
            metrics.onRequest(tier, kind, bytes);
        };
        return Tiers.resilient(bare, settings.resilience().tier(), both);
    }

    /** Upper bounds of a batch's cost: cold PUTs too when a placement policy may send store paths cold. */
    private BatchCostEstimate costEstimate() {
        BatchCostEstimate e = new BatchCostEstimate(settings.cost().tariff(), settings.packSize());
        return settings.placement().active() ? e.withColdWrites() : e;
    }

    /**
     * The ledger's own transactional id: one per writer process, so that group workers and the lister never fence
     * each other ({@code ledger-0} for {@code campaign run}, {@code ledger-lister}, {@code ledger-<workerId>}).
     */
    private String ledgerTransactionalId() {
        String suffix = role.groupWorker() ? role.workerId() : role.works() ? "0" : "lister";
        return "tierpack." + topics.campaign() + ".ledger-" + suffix;
    }

    private static String tierName(RuntimeSettings.TierChoice choice) {
        return CampaignTiers.name(choice);
    }

    /** The cost ledger of this run (spend, totals; for gauges and reports). */
    public CampaignLedger ledger() {
        return ledger;
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

    /** The open parts a group worker needs ({@link GroupWorkers}). */
    String bootstrap() {
        return bootstrap;
    }

    CampaignTopics topics() {
        return topics;
    }

    Tier warmTier() {
        return warm;
    }

    Tier coldTier() {
        return cold;
    }

    ChunkIndex chunkIndex() {
        return chunkIndex;
    }

    RocksProgressView progressView() {
        return rocks;
    }

    void listingSeen(ListerCheckpoint cp) {
        listing = cp;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** The campaign's metrics; the cost meter and budget bind their gauges here. */
    public CampaignMetrics metrics() {
        return metrics;
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
            if (worker != null) {
                worker.requestStop();
            }
            camel.context().stop();
        }
        LOG.info("campaign run ended: campaign={} state={}", topics.campaign(), ending.describe());
        return new Result(ending, report(ending));
    }

    /** Ends the run gracefully (e.g. on Ctrl-C): the worker commits what it has finished. Thread-safe. */
    public void requestStop() {
        if (worker != null) {
            worker.requestStop();
        }
        control.stop();
    }

    /** Waits until {@link #close} has finished (for shutdown hooks). */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Snapshot snapshot() {
        return new Snapshot(listing, view.totals(), worker == null ? new RunStats() : worker.stats(),
                System.nanoTime() - startNanos, ledger.spentUsd(),
                ledger.budget().map(b -> b.monthlyCapUsd()).orElse(null));
    }

    public CampaignReport report(CampaignControl.Ending ending) {
        Map<String, Long> stored = new LinkedHashMap<>();
        Map<String, Long> objects = new LinkedHashMap<>();
        Holding.Tally coldTally = new Holding.Tally(settings.cost().tariff().coldClass(), settings.cost().tariff().prices());
        for (Tier t : new Tier[] {warm, cold}) {
            if (t == null) {
                continue; // the lister opens no tier
            }
            long bytes = 0;
            long count = 0;
            for (Iterator<TierObject> it = t.list("", null); it.hasNext(); ) {
                long size = it.next().size();
                bytes += size;
                count++;
                if (t == cold) {
                    coldTally.add(size);
                }
            }
            stored.put(t.name(), bytes);
            objects.put(t.name(), count);
        }
        dev.tierpack.campaign.ledger.BudgetState budgetState = dev.tierpack.campaign.ledger.BudgetState.of(
                settings.cost().budget(), ending.describe(), settings.cost().clock().instant());
        Holding coldHolding = coldTally.holding();
        flushLedger(budgetState); // what the run spent after its last transaction (this listing included)
        RunStats s = worker == null ? new RunStats() : worker.stats();
        ListerCheckpoint l = listing;
        ProgressView.Totals totals = view.totals();
        CampaignReport.Run run = new CampaignReport.Run(s.batches.get(), s.published.get(), s.quarantined.get(),
                s.skipped.get(), s.sourceBytes.get(), s.narBytes.get(), s.packs.get(), s.packBytes.get(), s.chunks.get(),
                s.newChunks.get(), s.newBytes.get(), s.failedBatches.get(), recovery.reused().size(),
                recovery.orphans().size(), s.manifestPacks.get(), s.manifestBytes.get());
        return new CampaignReport(settings.campaign(), ending.describe(), l.objects(), l.bytes(), l.narinfos(),
                l.complete(), totals.published(), totals.quarantined(), totals.narBytes(), stored, objects, run,
                (System.nanoTime() - startNanos) / 1e9, costReport(budgetState, l, warm == null ? 0L : stored.get(warm.name()), coldHolding));
    }

    private CostReport costReport(dev.tierpack.campaign.ledger.BudgetState state, ListerCheckpoint listed, long warmBytes,
            Holding coldHolding) {
        var t = ledger.totals();
        Map<String, BigDecimal> cost = new LinkedHashMap<>(t.costUsd());
        cost.put("total", t.totalUsd());
        CostReport.Budget budget = new CostReport.Budget(state.monthlyCapUsd(), state.totalCapUsd(), ledger.spentUsd(),
                ledger.spentThisMonthUsd(), state.state(), state.message());
        var tariff = settings.cost().tariff();
        Holding source = Holding.ofLargeObjects(tariff.sourceClass(), listed.objects(), listed.bytes());
        StorageCost.Comparison storage = new StorageCost(tariff.prices()).compare(List.of(source), warmBytes, coldHolding);
        return new CostReport(t.requests(), t.bytes(), cost, budget, storage);
    }

    private void flushLedger(dev.tierpack.campaign.ledger.BudgetState state) {
        try {
            int n = ledger.flush(state);
            if (n > 0) {
                LOG.info("ledger flushed: campaign={} entries={}", topics.campaign(), n);
            }
        } catch (RuntimeException e) {
            LOG.warn("ledger flush failed; those entries are lost: campaign={} cause={}", topics.campaign(), e.toString());
        }
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
