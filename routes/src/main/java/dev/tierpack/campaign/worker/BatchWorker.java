package dev.tierpack.campaign.worker;

import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.campaign.records.RecordCodec;
import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.campaign.records.WorkerTotals;
import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.campaign.runtime.CrashPoints;
import dev.tierpack.campaign.runtime.FatalCampaignException;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.kafka.KafkaClients;
import dev.tierpack.kafka.TopicReader;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.session.IngestedPath;
import dev.tierpack.packer.session.PackerConfig;
import dev.tierpack.packer.session.PackingSession;
import dev.tierpack.packer.session.PackingWorkspace;
import dev.tierpack.packer.upload.PackPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The worker's bean: one call of {@link #runBatch} assembles a batch of work records, migrates it and commits it.
 * The <b>commit protocol</b> (docs/FORMAT.md section 5):
 *
 * <ol>
 *   <li>every store path of the batch is verified and decomposed and its new chunks packed ({@link PackingSession});
 *       corrupt source data becomes a quarantine event and never enters a pack;
 *   <li>{@code flush()}: the open pack is sealed, uploaded, read back, its index object written and read back, and
 *       its chunks published in the chunk index; every store path of the batch is now durable;
 *   <li>the manifests of those store paths are written into a manifest pack, published the same way, and their
 *       catalog entries written ({@link ManifestStep}); every store path of the batch is now readable;
 *   <li>in <b>one Kafka transaction</b>: a {@code published} progress event for every durable store path, the
 *       quarantine events, the worker totals, and the consumer offsets of the batch
 *       ({@code sendOffsetsToTransaction} with the consumer's group metadata).
 * </ol>
 *
 * A crash before step 4 commits nothing: the batch's records are delivered again and redone, and the redone work
 * deduplicates against the chunk index, so nothing is stored twice; a crash after it loses nothing. Camel's kafka
 * component commits offsets by itself, outside any producer transaction, so the bean drives the Kafka clients
 * directly; the worker route supplies the trigger, error handling (retry with backoff) and lifecycle.
 *
 * <p>The consumer is {@code assign}ed every partition of the work topic (one worker per campaign: no group
 * membership, no rebalance); offsets are stored for group {@code tierpack.<campaign>.worker} only through the
 * transaction. The producer's transactional id is fixed per campaign, so a restarted worker fences its crashed
 * predecessor and aborts the transaction it left open.
 * With {@link #joinGroup} ({@code campaign worker}) it is instead one member of that group: it {@code subscribe}s,
 * the group spreads the partitions over its members, the transactional id is per worker, and a rebalance drops the
 * batch being assembled (see {@link Rebalance}).
 *
 * <p>A failure of a batch abandons it: the open pack's upload is aborted (packs already published stay and are
 * deduplicated against), the consumer is rewound to the committed offsets, and the exception goes to the route.
 * Single-threaded except {@link #requestStop}.
 */
public final class BatchWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** What one call of {@link #runBatch} did. */
    public enum Outcome {
        /** Nothing to do right now (the lister may still produce work). */
        IDLE,
        /** A batch was committed. */
        COMMITTED,
        /** The listing is complete and every work record is committed. */
        DONE,
        /** The budget hook paused the campaign; nothing of the batch was done. */
        PAUSED,
        /** A stop was requested; what was done is committed. */
        STOPPED
    }

    /**
     * Publishes the manifests of durable store paths and their catalog entries (step 3 of the protocol); when it
     * returns, every store path of {@code durable} is readable.
     */
    @FunctionalInterface
    public interface ManifestStep {
        /** Publishes nothing (for tests of the packing steps alone). */
        ManifestStep NONE = paths -> Published.NONE;

        Published publish(List<IngestedPath> durable) throws IOException;

        /** Manifest packs written by one call (0 when every manifest was already stored). */
        record Published(int packs, long packBytes) {
            public static final Published NONE = new Published(0, 0);

            public Published {
                if (packs < 0 || packBytes < 0) {
                    throw new IllegalArgumentException("negative manifest pack counts: " + packs + ", " + packBytes);
                }
            }
        }
    }

    /**
     * Where each store path goes (docs/FORMAT.md "Placement"). With an active placement the worker waits for the
     * listing to complete, calls {@link #prepare} once, then migrates in two passes over the work topic: the warm
     * paths first (consumer group {@code tierpack.<campaign>.worker.hot}), then the cold ones (the usual worker
     * group), so that no chunk a warm path needs is ever written cold. Each pass commits its own offsets in the
     * batch's transaction; a restarted run redoes the hot pass from its committed offsets (nothing when it was done).
     */
    public interface Placement {
        /** No placement: every store path warm, one pass. */
        Placement ALL_WARM = new Placement() {
            @Override
            public boolean active() {
                return false;
            }

            @Override
            public void prepare() {}

            @Override
            public TierCode tier(String hashPart) {
                return TierCode.WARM;
            }
        };

        boolean active();

        /** Computes the placement; called once the listing is complete, before anything is packed. */
        void prepare();

        /** The tier of a listed store path. */
        TierCode tier(String hashPart);
    }

    /** Everything the worker works with. */
    public record Dependencies(String bootstrap, CampaignTopics topics, BinaryCacheSource source, Tier warm,
            ChunkIndex chunkIndex, PackerConfig packer, ProgressView view, BudgetHook budget, ManifestStep manifests,
            BooleanSupplier listingComplete, LongSupplier nanoClock, Tier cold, Placement placement) {
        /** Without placement (everything warm). */
        public Dependencies(String bootstrap, CampaignTopics topics, BinaryCacheSource source, Tier warm,
                ChunkIndex chunkIndex, PackerConfig packer, ProgressView view, BudgetHook budget, ManifestStep manifests,
                BooleanSupplier listingComplete, LongSupplier nanoClock) {
            this(bootstrap, topics, source, warm, chunkIndex, packer, view, budget, manifests, listingComplete,
                    nanoClock, null, Placement.ALL_WARM);
        }

        public Dependencies {
            Objects.requireNonNull(placement, "placement");
            if (placement.active() && cold == null) {
                throw new IllegalArgumentException("a placement policy needs a cold tier");
            }
            Objects.requireNonNull(bootstrap, "bootstrap");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(warm, "warm");
            Objects.requireNonNull(chunkIndex, "chunkIndex");
            Objects.requireNonNull(packer, "packer");
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(manifests, "manifests");
            Objects.requireNonNull(listingComplete, "listingComplete");
            Objects.requireNonNull(nanoClock, "nanoClock");
        }
    }

    private final Dependencies deps;
    private final BatchAssembler assembler;
    private final RunStats stats = new RunStats();
    private final Deque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    private final int batchSize;
    private PackingWorkspace workspace; // this worker's ingest memory, kept across batches (created on first batch)
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private List<TopicPartition> partitions = List.of();
    private WorkerTotals totals = WorkerTotals.ZERO;
    private volatile boolean stopRequested;
    private boolean needsRewind;
    private boolean needsNewProducer;
    private volatile String pauseReason = "";
    private dev.tierpack.campaign.ledger.CampaignLedger ledger;
    /** Consumer-group membership ({@code campaign worker}), or null: every partition assigned to this worker. */
    private GroupMembership group;
    private volatile boolean rebalanced;
    /** The tier this pass migrates (with an active placement: WARM first, then COLD). */
    private TierCode pass;
    private boolean placementReady;

    public BatchWorker(Dependencies deps, int batchSize, Duration maxBatchAge) {
        this.deps = deps;
        this.batchSize = batchSize;
        this.assembler = new BatchAssembler(batchSize, maxBatchAge, deps.nanoClock(), deps.view()::isPublished);
        this.pass = deps.placement().active() ? TierCode.WARM : null;
    }

    /** The consumer group of the current pass. */
    private String consumerGroup() {
        return pass == TierCode.WARM ? deps.topics().workerGroup() + ".hot" : deps.topics().workerGroup();
    }

    /** Writes the ledger's pending worker entries in each batch's transaction (docs/FORMAT.md section 5). */
    public void attachLedger(dev.tierpack.campaign.ledger.CampaignLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Makes this worker one member of the worker group instead of the campaign's only worker: it subscribes to the
     * work topic (partitions assigned by the group), commits with its own transactional id, and calls
     * {@code membership.onAssigned} on every assignment (before any record of the new partitions is read). Call
     * before {@link #fence}. See {@link GroupMembership}.
     */
    public void joinGroup(GroupMembership membership) {
        this.group = Objects.requireNonNull(membership, "membership");
    }

    /** Fences a crashed predecessor: the transaction it left open is aborted (see {@code Lister#fence}). */
    public void fence() {
        String id = group == null ? deps.topics().workerTransactionalId() : deps.topics().workerTransactionalId(group.workerId());
        producer = KafkaClients.transactionalProducer(deps.bootstrap(), id);
        producer.initTransactions();
    }

    /** Assigns the work topic and seeks to the committed offsets; loads the campaign totals. */
    public void load(WorkerTotals committedTotals) {
        totals = committedTotals;
        if (group != null) {
            consumer = KafkaClients.groupConsumer(deps.bootstrap(), consumerGroup(), batchSize,
                    group.consumerOverrides());
            consumer.subscribe(List.of(deps.topics().work()), new Rebalance());
            return; // partitions come with the first assignment (in poll)
        }
        consumer = KafkaClients.groupConsumer(deps.bootstrap(), consumerGroup(), batchSize);
        try (TopicReader r = new TopicReader(deps.bootstrap())) {
            partitions = r.partitions(deps.topics().work());
        }
        consumer.assign(partitions);
        rewind();
    }

    public RunStats stats() {
        return stats;
    }

    /** Asks the worker to end the current batch early (committing what is done) and do no more. Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Why the budget hook paused the campaign, or empty. */
    public String pauseReason() {
        return pauseReason;
    }

    /**
     * Assembles, migrates and commits one batch. On any failure the batch is abandoned and the next call first
     * rewinds the consumer to the committed offsets (so a retry redoes exactly the uncommitted work).
     */
    public Outcome runBatch() {
        MDC.put("campaign", deps.topics().campaign());
        if (stopRequested) {
            return Outcome.STOPPED;
        }
        try {
            if (needsNewProducer) {
                replaceProducer();
                needsNewProducer = false;
            }
            if (needsRewind) {
                rewind();
                needsRewind = false;
            }
            if (deps.placement().active() && !placementReady) {
                if (!deps.listingComplete().getAsBoolean()) {
                    return Outcome.IDLE; // placement needs every store path's references: wait for the listing
                }
                deps.placement().prepare();
                placementReady = true;
            }
            assembler.clear();
            Outcome early = assemble();
            if (early != null) {
                return early;
            }
            BudgetHook.Decision decision = deps.budget().reserve(assembler.estimate());
            if (!decision.proceed()) {
                pauseReason = decision.reason();
                LOG.info("budget paused the campaign: campaign={} reason={}", deps.topics().campaign(), decision.reason());
                needsRewind = true;
                return Outcome.PAUSED;
            }
            process();
            return stopRequested ? Outcome.STOPPED : Outcome.COMMITTED;
        } catch (RuntimeException | IOException e) {
            needsRewind = true;
            if (!assembler.isEmpty()) {
                stats.failedBatches.incrementAndGet();
                LOG.warn("batch abandoned, it will be redone: campaign={} records={} cause={}", deps.topics().campaign(),
                        assembler.size(), e.getMessage());
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Fills the assembler; returns an outcome if there is no batch to process. */
    private Outcome assemble() {
        while (!assembler.full() && !stopRequested) {
            if (pending.isEmpty()) {
                if (assembler.due()) {
                    break;
                }
                Duration wait = assembler.isEmpty() ? POLL
                        : Duration.ofNanos(Math.max(1_000_000, Math.min(POLL.toNanos(), assembler.nanosUntilDue())));
                consumer.poll(wait).forEach(pending::add);
                if (rebalanced) {
                    // partitions moved: nothing assembled so far is processed; start again from the committed
                    // offsets of the partitions owned now
                    rebalanced = false;
                    rewind();
                    continue;
                }
                if (pending.isEmpty()) {
                    boolean finished = deps.listingComplete().getAsBoolean() && caughtUp();
                    if (assembler.isEmpty()) {
                        if (finished && pass == TierCode.WARM) {
                            startColdPass();
                            return Outcome.IDLE;
                        }
                        if (finished) {
                            if (group != null) {
                                group.beforeDone().run(); // other workers' progress, for the campaign totals
                            }
                            syncTotals();
                            return Outcome.DONE;
                        }
                        return Outcome.IDLE;
                    }
                    if (finished) {
                        break; // no more work will come: do not wait for the batch to age
                    }
                    continue;
                }
            }
            ConsumerRecord<String, byte[]> r = pending.poll();
            String where = r.topic() + "/" + r.partition() + "@" + r.offset();
            WorkRecord record;
            try {
                record = RecordCodec.work(r.value(), where);
            } catch (TierpackException e) {
                throw new FatalCampaignException("unreadable work record", e, "record", where, "cause", e.getMessage());
            }
            assembler.add(new TopicPartition(r.topic(), r.partition()), r.offset(), record);
        }
        if (assembler.isEmpty()) {
            return stopRequested ? Outcome.STOPPED : Outcome.IDLE;
        }
        return null;
    }

    /** The warm pass is done: the cold pass reads the work topic again with the usual worker group. */
    private void startColdPass() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        pass = TierCode.COLD;
        consumer = KafkaClients.groupConsumer(deps.bootstrap(), consumerGroup(), batchSize);
        consumer.assign(partitions);
        rewind();
        LOG.info("warm pass complete, migrating the cold store paths: campaign={}", deps.topics().campaign());
    }

    private boolean caughtUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private void process() throws IOException {
        List<BatchAssembler.Item> items = assembler.items();
        List<ProgressEvent> events = new ArrayList<>();
        Set<String> migrated = new HashSet<>();
        int done = 0;
        int skipped = 0;
        int quarantined = 0;
        long sourceBytes = 0;
        List<IngestedPath> durable;
        List<PackPublisher.Published> packs;
        if (workspace == null) {
            workspace = new PackingWorkspace(deps.packer());
        }
        try (PackingSession session = new PackingSession(deps.warm(), deps.cold(), deps.chunkIndex(), workspace)) {
            for (BatchAssembler.Item item : items) {
                if (stopRequested) {
                    break; // commit the prefix done so far
                }
                WorkRecord w = item.record();
                TierCode tier = item.verdict() == BatchAssembler.Verdict.MIGRATE
                        ? deps.placement().tier(w.hashPart()) : null;
                if (item.verdict() != BatchAssembler.Verdict.MIGRATE) {
                    skipped++;
                } else if (pass != null && tier != pass) {
                    LOG.debug("placed on the other tier, migrated in the other pass: storePath={}", w.storePath());
                } else {
                    String damage = ingest(session, w, tier);
                    if (damage == null) {
                        migrated.add(w.narinfoKey());
                        sourceBytes += Math.max(0, w.fileSize());
                    } else {
                        quarantined++;
                        LOG.warn("quarantined: storePath={} reason={}", w.storePath(), damage);
                        events.add(ProgressEvent.quarantined(w.hashPart(), w.storePath(), w.narinfoKey(), w.narSize(),
                                damage, System.currentTimeMillis()));
                    }
                    CrashPoints.reach("worker-mid-batch");
                }
                done++;
            }
            session.flush();
            durable = session.drainDurable();
            packs = session.published();
        }
        if (done == 0) {
            return; // stopped before the first record: nothing to commit
        }
        if (durable.size() != migrated.size()) {
            throw new IllegalStateException("packing session returned " + durable.size() + " durable store paths for "
                    + migrated.size() + " ingested");
        }
        CrashPoints.reach("after-chunk-index");
        ManifestStep.Published manifestPacks = deps.manifests().publish(durable);
        long now = System.currentTimeMillis();
        long narBytes = 0;
        for (IngestedPath p : durable) {
            var s = p.stats();
            events.add(ProgressEvent.published(p.info().storePath().hashPart(), p.info().storePath().toString(),
                    p.narinfoKey(), p.info().narSize(), p.info().fileSize().orElse(-1), s.chunks(), s.newChunks(),
                    s.newBytes(), now));
            narBytes += p.info().narSize();
            stats.chunks.addAndGet(s.chunks());
            stats.newChunks.addAndGet(s.newChunks());
            stats.newBytes.addAndGet(s.newBytes());
        }
        commit(events, assembler.offsetsUpTo(done));
        long packBytes = packs.stream().mapToLong(PackPublisher.Published::packLength).sum();
        stats.batches.incrementAndGet();
        stats.published.addAndGet(durable.size());
        stats.quarantined.addAndGet(quarantined);
        stats.skipped.addAndGet(skipped);
        stats.sourceBytes.addAndGet(sourceBytes);
        stats.narBytes.addAndGet(narBytes);
        stats.packs.addAndGet(packs.size());
        stats.packBytes.addAndGet(packBytes);
        stats.manifestPacks.addAndGet(manifestPacks.packs());
        stats.manifestBytes.addAndGet(manifestPacks.packBytes());
        LOG.info("batch committed: campaign={} published={} quarantined={} skipped={} packs={} totalPublished={}",
                deps.topics().campaign(), durable.size(), quarantined, skipped, packs.size(), totals.published());
        deps.budget().record(new BudgetHook.BatchUsage(durable.size(), quarantined, skipped, sourceBytes, narBytes,
                packs.size(), packBytes));
    }

    /**
     * Verifies, decomposes and packs one store path. Returns null on success, or why the source data is damaged
     * (quarantine); throws anything else (the batch is redone).
     */
    private String ingest(PackingSession session, WorkRecord w, TierCode tier) throws IOException {
        NarInfo info;
        try {
            info = NarInfoParser.standard().parse(w.narinfo(), w.narinfoKey());
        } catch (FormatException e) {
            return "corrupt narinfo: " + e.getMessage();
        }
        MDC.put("storePath", w.storePath());
        try {
            session.ingest(info, w.narinfoKey(), deps.source(), tier);
            return null;
        } catch (TierpackException e) {
            if (SourceDamage.is(e)) {
                return e.getMessage();
            }
            throw e;
        } finally {
            MDC.remove("storePath");
        }
    }

    private void commit(List<ProgressEvent> events, Map<TopicPartition, OffsetAndMetadata> offsets) {
        ProgressView.Totals after = deps.view().preview(events);
        WorkerTotals next = new WorkerTotals(after.published(), after.quarantined(), after.narBytes(), totals.batches() + 1);
        CampaignTopics t = deps.topics();
        try {
            producer.beginTransaction();
            for (ProgressEvent e : events) {
                producer.send(new ProducerRecord<>(t.progress(), e.hashPart(), RecordCodec.encode(e)));
            }
            producer.send(new ProducerRecord<>(t.checkpoint(), WorkerTotals.KEY, RecordCodec.encode(next)));
            if (ledger != null) {
                ledger.sendPending(producer, dev.tierpack.campaign.ledger.CampaignLedger.Writer.WORKER);
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
            CrashPoints.reach("worker-before-commit");
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new FatalCampaignException("another worker took over this campaign", e, "campaign", t.campaign());
        } catch (KafkaException e) {
            // outcome unknown: the next batch starts with a new producer (which aborts the transaction unless it
            // committed), rewinds to the offsets really committed and catches the view up with what is really published
            LOG.warn("batch commit failed: campaign={} cause={}", t.campaign(), e.toString());
            needsNewProducer = true;
            throw new TierpackException("committing a batch failed", e, "campaign", t.campaign(), "cause", e.toString());
        }
        CrashPoints.reach("worker-after-commit");
        deps.view().apply(events);
        totals = next;
    }

    /**
     * Commits the view's totals if they moved since the last batch: quarantine events of the lister's last pages
     * arrive after the worker's last batch, and {@code campaign status} reads the totals record.
     */
    private void syncTotals() {
        ProgressView.Totals now = deps.view().totals();
        if (now.published() == totals.published() && now.quarantined() == totals.quarantined()
                && now.narBytes() == totals.narBytes()) {
            return;
        }
        WorkerTotals next = new WorkerTotals(now.published(), now.quarantined(), now.narBytes(), totals.batches());
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(deps.topics().checkpoint(), WorkerTotals.KEY, RecordCodec.encode(next)));
            if (ledger != null) {
                ledger.sendPending(producer, dev.tierpack.campaign.ledger.CampaignLedger.Writer.WORKER);
            }
            producer.commitTransaction();
            totals = next;
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new FatalCampaignException("another worker took over this campaign", e, "campaign", deps.topics().campaign());
        } catch (KafkaException e) {
            needsNewProducer = true;
            throw new TierpackException("committing the campaign totals failed", e, "campaign", deps.topics().campaign(),
                    "cause", e.toString());
        }
    }

    private void replaceProducer() {
        KafkaClients.closeReplaced(producer, "worker");
        producer = null;
        fence();
        if (deps.view() instanceof RocksProgressView rocks) {
            String topic = deps.topics().progress();
            try (TopicReader r = new TopicReader(deps.bootstrap())) {
                rocks.catchUp(r, topic, r.topicId(topic), Duration.ofMinutes(5));
            }
        }
        totals = new WorkerTotals(deps.view().totals().published(), deps.view().totals().quarantined(),
                deps.view().totals().narBytes(), totals.batches());
    }

    /** Seeks every partition to its committed offset (or the beginning) and drops what was polled. */
    private void rewind() {
        pending.clear();
        assembler.clear();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = committed.get(tp);
            if (o == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, o.offset());
            }
        }
    }

    /**
     * The group's rebalance callbacks; they run inside {@code poll} on the worker's thread, so never while a batch is
     * being processed: a batch is either committed before the partitions are given up, or (when the group moved on
     * without this member, e.g. after a long pause) its commit fails the generation check of
     * {@code sendOffsetsToTransaction} and the transaction aborts, publishing nothing.
     */
    private final class Rebalance implements org.apache.kafka.clients.consumer.ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(java.util.Collection<TopicPartition> revoked) {
            rebalanced = true;
            List<TopicPartition> kept = new ArrayList<>(consumer.assignment());
            kept.removeAll(revoked);
            partitions = List.copyOf(kept);
            if (!revoked.isEmpty()) {
                LOG.info("partitions revoked: campaign={} worker={} partitions={}", deps.topics().campaign(),
                        group.workerId(), revoked);
            }
        }

        @Override
        public void onPartitionsLost(java.util.Collection<TopicPartition> lost) {
            onPartitionsRevoked(lost);
        }

        @Override
        public void onPartitionsAssigned(java.util.Collection<TopicPartition> assigned) {
            rebalanced = true;
            partitions = List.copyOf(consumer.assignment());
            LOG.info("partitions assigned: campaign={} worker={} assigned={} owned={}", deps.topics().campaign(),
                    group.workerId(), assigned, partitions);
            if (!assigned.isEmpty()) {
                group.onAssigned().accept(List.copyOf(assigned));
            }
        }
    }

    /** The campaign totals as of the last committed batch. */
    public WorkerTotals totals() {
        return totals;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
        if (workspace != null) {
            workspace.close();
            workspace = null;
        }
    }
}
