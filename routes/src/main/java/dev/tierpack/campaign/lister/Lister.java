package dev.tierpack.campaign.lister;

import dev.tierpack.campaign.records.CampaignCheckpoints;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.campaign.records.RecordCodec;
import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.campaign.runtime.CrashPoints;
import dev.tierpack.campaign.runtime.FatalCampaignException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.kafka.KafkaClients;
import dev.tierpack.kafka.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The lister's bean: turns one listing page into work records and commits them, with the checkpoint after the
 * page, in <b>one Kafka transaction</b> (transactional id {@code tierpack.<campaign>.lister}). After a crash the
 * next instance's {@code initTransactions} ({@link #fence}) aborts any half-written page and {@link #load} reloads the last
 * committed checkpoint, so every store path is listed exactly once.
 *
 * <p>Camel's kafka component cannot put records to several topics and a checkpoint into one transaction of our
 * choosing, so the bean uses the Kafka producer directly; the lister route supplies the timer, the listing request
 * (the {@code aws2-s3} {@code listObjects} operation or a local directory) and error handling.
 *
 * <p>Any Kafka failure while committing leaves the outcome unknown; the bean then replaces its producer (which
 * aborts the transaction if it was not committed) and reloads the checkpoint from Kafka before the page is retried.
 * A page that no longer starts at the checkpoint is dropped, so a retried page is never committed twice.
 * Used by one thread at a time.
 */
public final class Lister implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lister.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** Told after each committed page (from the lister's thread). */
    public interface Listener {
        void committed(ListerCheckpoint checkpoint, List<ProgressEvent> quarantined, int workRecords);
    }

    private final String bootstrap;
    private final CampaignTopics topics;
    private final NarinfoReader reader;
    private final int pageSize;
    private final Listener listener;
    private final PageFacts facts;
    private KafkaProducer<String, byte[]> producer;
    private volatile ListerCheckpoint checkpoint = ListerCheckpoint.START;
    private boolean needsReset;
    private dev.tierpack.campaign.ledger.CampaignLedger ledger;
    private boolean meterListPages;
    private dev.tierpack.campaign.runtime.BudgetHook budget = dev.tierpack.campaign.runtime.BudgetHook.NONE;
    private volatile String pauseReason = "";

    /**
     * Records what placement needs to know about a page's store paths; called before the page commits and durable
     * when it returns (a committed page's facts are never missing).
     */
    @FunctionalInterface
    public interface PageFacts {
        PageFacts NONE = (work, page) -> {};

        /**
         * @param work the page's store paths to migrate, with their parsed narinfos
         * @param page the listing page the work records come from (sizes, last-modified times)
         */
        void record(List<NarinfoReader.Outcome.Work> work, List<SourceObject> page);
    }

    public Lister(String bootstrap, CampaignTopics topics, NarinfoReader reader, int pageSize, Listener listener) {
        this(bootstrap, topics, reader, pageSize, listener, PageFacts.NONE);
    }

    public Lister(String bootstrap, CampaignTopics topics, NarinfoReader reader, int pageSize, Listener listener,
            PageFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.pageSize = pageSize;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Fences earlier instances: a transaction a crashed lister left open is aborted. Call {@link #fence} of every
     * writer of the campaign's topics before any {@link #load}, so that no reader waits on a dead transaction.
     */
    public void fence() {
        producer = KafkaClients.transactionalProducer(bootstrap, topics.listerTransactionalId());
        producer.initTransactions();
    }

    /**
     * Writes the ledger's pending lister entries in each page's transaction.
     *
     * @param meterListPages charge one source LIST per page here (pages listed by the {@code aws2-s3} endpoint,
     *                       which no metered source sees)
     */
    public void attachLedger(dev.tierpack.campaign.ledger.CampaignLedger ledger, boolean meterListPages) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.meterListPages = meterListPages;
    }

    /** The budget gate of listing pages ({@link dev.tierpack.campaign.runtime.BudgetHook#reservePage}). */
    public void attachBudget(dev.tierpack.campaign.runtime.BudgetHook budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** Whether the budget refused a page: the lister stops and the campaign pauses. */
    public boolean isPaused() {
        return !pauseReason.isEmpty();
    }

    public String pauseReason() {
        return pauseReason;
    }

    /** Loads the committed checkpoint. */
    public void load() {
        try (TopicReader r = new TopicReader(bootstrap)) {
            checkpoint = CampaignCheckpoints.read(r, topics, true, READ_TIMEOUT).lister();
        }
        LOG.info("lister checkpoint: campaign={} lastKey={} pages={} workRecords={} complete={}", topics.campaign(),
                checkpoint.lastKey(), checkpoint.pages(), checkpoint.workRecords(), checkpoint.complete());
    }

    public ListerCheckpoint checkpoint() {
        return checkpoint;
    }

    public boolean isComplete() {
        return checkpoint.complete();
    }

    /** The next page to list: after the checkpoint. */
    public PageRequest nextRequest() {
        MDC.put("campaign", topics.campaign());
        return new PageRequest(checkpoint.lastKey(), pageSize);
    }

    /**
     * Reads the page's narinfos and commits their work records, quarantine events and the new checkpoint in one
     * transaction. Returns the checkpoint now committed.
     */
    public ListerCheckpoint commitPage(@ExchangeProperty("pageRequest") PageRequest request, @Body List<SourceObject> page) {
        if (needsReset) {
            reset();
            needsReset = false;
        }
        if (ledger != null && meterListPages) {
            ledger.sourceListPage(dev.tierpack.campaign.ledger.CampaignLedger.Writer.LISTER);
        }
        ListerCheckpoint cp = checkpoint;
        if (!Objects.equals(request.startAfter(), cp.lastKey()) || cp.complete()) {
            LOG.info("dropping a listing page that no longer follows the checkpoint: startAfter={} checkpoint={}",
                    request.startAfter(), cp.lastKey());
            return cp;
        }
        PagePlanner.Plan plan = PagePlanner.plan(cp, page);
        var decision = budget.reservePage(new dev.tierpack.campaign.runtime.BudgetHook.PageEstimate(plan.narinfos().size(),
                plan.narinfos().stream().mapToLong(PagePlanner.NarinfoRef::size).sum()));
        if (!decision.proceed()) {
            pauseReason = decision.reason();
            LOG.info("budget paused the listing: campaign={} reason={}", topics.campaign(), decision.reason());
            return cp;
        }
        try {
            return commitPlan(request, plan, page);
        } finally {
            budget.pageDone();
        }
    }

    private ListerCheckpoint commitPlan(PageRequest request, PagePlanner.Plan plan, List<SourceObject> page) {
        List<WorkRecord> work = new ArrayList<>();
        List<NarinfoReader.Outcome.Work> parsed = new ArrayList<>();
        List<ProgressEvent> quarantined = new ArrayList<>();
        for (NarinfoReader.Outcome o : reader.read(plan.narinfos())) {
            switch (o) {
                case NarinfoReader.Outcome.Work w -> {
                    work.add(w.record());
                    parsed.add(w);
                }
                case NarinfoReader.Outcome.Quarantine q -> quarantined.add(q.event());
            }
        }
        ListerCheckpoint next = plan.next(work.size(), quarantined.size());
        facts.record(parsed, page);
        try {
            producer.beginTransaction();
            for (WorkRecord r : work) {
                producer.send(new ProducerRecord<>(topics.work(), r.partitionKey(), RecordCodec.encode(r)));
            }
            for (ProgressEvent e : quarantined) {
                producer.send(new ProducerRecord<>(topics.progress(), e.hashPart(), RecordCodec.encode(e)));
            }
            producer.send(new ProducerRecord<>(topics.checkpoint(), ListerCheckpoint.KEY, RecordCodec.encode(next)));
            if (ledger != null) {
                ledger.sendPending(producer, dev.tierpack.campaign.ledger.CampaignLedger.Writer.LISTER);
            }
            CrashPoints.reach("lister-before-commit");
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new FatalCampaignException("another lister took over this campaign", e, "campaign", topics.campaign());
        } catch (KafkaException e) {
            LOG.warn("listing page commit failed; the checkpoint is reloaded before the retry: campaign={} cause={}",
                    topics.campaign(), e.toString());
            needsReset = true;
            throw new TierpackException("committing a listing page failed", e, "campaign", topics.campaign(),
                    "startAfter", request.startAfter(), "cause", e.toString());
        }
        checkpoint = next;
        CrashPoints.reach("lister-after-commit");
        for (ProgressEvent e : quarantined) {
            LOG.warn("quarantined while listing: narinfo={} reason={}", e.narinfoKey(), e.reason());
        }
        if (next.complete()) {
            LOG.info("listing complete: campaign={} objects={} narinfos={} workRecords={} quarantined={}", topics.campaign(),
                    next.objects(), next.narinfos(), next.workRecords(), next.quarantined());
        }
        listener.committed(next, quarantined, work.size());
        return next;
    }

    /** A new producer (aborting the transaction unless it committed) and the checkpoint as Kafka has it. */
    private void reset() {
        KafkaClients.closeReplaced(producer, "lister");
        producer = null;
        fence();
        load();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
        reader.close();
    }
}
