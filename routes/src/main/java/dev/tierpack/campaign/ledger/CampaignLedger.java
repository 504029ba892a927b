package dev.tierpack.campaign.ledger;

import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.runtime.CostSettings;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.CostMeter;
import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.MeteredSource;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.SpendTally;
import dev.tierpack.core.cost.Tariff;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.kafka.KafkaClients;
import dev.tierpack.kafka.TopicReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A campaign's cost ledger in this process. Every request and byte is priced as it happens by one of two
 * {@link CostMeter}s, one per Kafka writer ({@link Writer#LISTER}: listing pages, narinfo reads; {@link Writer#WORKER}:
 * NAR reads and every tier request), and its {@link LedgerEntry} is added at once to the spend tally (so the budget
 * gate sees it) and to that writer's buffer. The writer drains its buffer into the ledger topic inside its next
 * Kafka transaction ({@link #sendPending}): the entries of a listing page commit with the page, those of a batch
 * with the batch's progress events and offsets. Entries left when a run ends (the report's listings, a paused or
 * failed batch) are committed by {@link #flush} in a transaction of their own.
 *
 * <p>Rule (docs/FORMAT.md section 5): an entry is written at most once, in the first transaction its writer
 * begins after the request; a crash (or a commit whose outcome is unknown) loses the entries of the transaction
 * under way, never writes one twice, and work redone after a crash is priced again as it is redone. So the
 * ledger holds exactly the requests of the committed work plus those of abandoned attempts that the process
 * outlived.
 *
 * <p>On start, {@link #rebuild} reads the ledger topic into the tally and the totals. Thread-safe. The small
 * accessors ({@link #spentUsd}, {@link #spentThisMonthUsd}, {@link #remainingThisMonthUsd}) are meant for gauges.
 */
public final class CampaignLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignLedger.class);

    /**
     * Who writes an entry into the ledger topic. {@link #REPLACE}: re-placement ({@code tierpack replace}) and
     * restores outside a campaign run; its records carry the header {@value #SOURCE_HEADER} = {@code replace} or
     * {@code restore} (the entry format is unchanged).
     */
    public enum Writer { LISTER, WORKER, REPLACE }

    /** Kafka record header naming what made an entry outside the campaign's lister and worker. */
    public static final String SOURCE_HEADER = "tierpack-source";

    /** The source endpoint's name in the meters' totals. */
    public static final String SOURCE = "source";

    private final CampaignTopics topics;
    private final CostSettings cost;
    private final SpendTally spend = new SpendTally();
    private final LedgerTotals totals;
    private final Map<Writer, LedgerBuffer> buffers = new EnumMap<>(Writer.class);
    private final Map<Writer, CostMeter> meters = new EnumMap<>(Writer.class);
    private KafkaProducer<String, byte[]> producer;
    private volatile String source = "replace";

    /**
     * @param warmTier the warm tier's name as it reports requests
     * @param coldTier the cold tier's name
     */
    public CampaignLedger(CampaignTopics topics, CostSettings cost, String warmTier, String coldTier) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.cost = Objects.requireNonNull(cost, "cost");
        this.totals = new LedgerTotals(cost.tariff());
        for (Writer w : Writer.values()) {
            LedgerBuffer buffer = new LedgerBuffer();
            buffers.put(w, buffer);
            CostMeter.Builder b = CostMeter.builder(cost.tariff(), topics.campaign()).clock(cost.clock())
                    .ledger(e -> {
                        spend.add(e);
                        totals.add(e);
                        buffer.add(e);
                    })
                    .source(SOURCE);
            if (w != Writer.LISTER) {
                b.tier(warmTier, Role.WARM).tier(coldTier, Role.COLD);
            }
            meters.put(w, b.build());
        }
    }

    public Tariff tariff() {
        return cost.tariff();
    }

    public CostSettings cost() {
        return cost;
    }

    /** The meter of a writer: install the worker's on the tiers ({@code Tiers.decorate}). */
    public CostMeter meter(Writer w) {
        return meters.get(w);
    }

    /** {@code source} with its requests priced to {@code writer}'s buffer, LIST pages of {@code pageSize} keys. */
    public BinaryCacheSource metered(BinaryCacheSource source, Writer writer, int pageSize) {
        return new MeteredSource(source, meters.get(writer), pageSize);
    }

    /** One LIST page on the source made outside a {@link #metered} source (the {@code aws2-s3} endpoint). */
    public void sourceListPage(Writer writer) {
        meters.get(writer).onSourceRequest(RequestKind.LIST, 1, 0);
    }

    /**
     * Fences a crashed predecessor's ledger-only transaction (before anything reads the topic; see
     * {@code Lister#fence}).
     */
    public void fence(String bootstrap) {
        fence(bootstrap, "tierpack." + topics.campaign() + ".ledger-0");
    }

    /** As {@link #fence(String)} with the transactional id of this writer process (one per lister/worker). */
    public void fence(String bootstrap, String transactionalId) {
        producer = KafkaClients.transactionalProducer(bootstrap, transactionalId);
        producer.initTransactions();
    }

    /** Reads the committed ledger into the tally and the totals; returns the entries read. */
    public long rebuild(TopicReader reader, Duration timeout) {
        long[] n = {0};
        reader.readToEnd(topics.ledger(), Map.of(), r -> {
            LedgerEntry e = LedgerRecords.decode(r.value(), r.topic() + "/" + r.partition() + "@" + r.offset());
            spend.add(e);
            totals.add(e);
            n[0]++;
        }, true, timeout);
        LOG.info("ledger read: campaign={} entries={} spentUsd={}", topics.campaign(), n[0], spend.total().toPlainString());
        return n[0];
    }

    /**
     * Sends {@code writer}'s pending entries with {@code producer}, inside the transaction the caller has begun and
     * will commit; returns how many. The entries are gone from the buffer whatever happens to the transaction.
     */
    public int sendPending(KafkaProducer<String, byte[]> producer, Writer writer) {
        List<LedgerEntry> entries = buffers.get(writer).drain();
        for (LedgerEntry e : entries) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topics.ledger(), LedgerRecords.key(e), LedgerRecords.encode(e));
            if (writer == Writer.REPLACE) {
                r.headers().add(SOURCE_HEADER, source.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            producer.send(r);
        }
        return entries.size();
    }

    /**
     * Adds an entry priced elsewhere (a restore batch) to the tally, the totals and {@code writer}'s buffer, as the
     * meters do; {@link #flush} commits it.
     */
    public void record(Writer writer, LedgerEntry e) {
        spend.add(e);
        totals.add(e);
        buffers.get(writer).add(e);
    }

    /** What the {@link Writer#REPLACE} entries' {@value #SOURCE_HEADER} header says ({@code replace} by default). */
    public CampaignLedger source(String name) {
        this.source = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Entries not yet sent. */
    public int pending() {
        int n = 0;
        for (LedgerBuffer b : buffers.values()) {
            n += b.size();
        }
        return n;
    }

    /**
     * Commits every pending entry in a ledger-only transaction (at the end of a run, when the lister and the
     * worker no longer write). Returns how many.
     */
    public synchronized int flush() {
        return flush(null);
    }

    /**
     * {@link #flush()}, and the budget state a run ended in (checkpoint topic, key {@value BudgetState#KEY}) in the
     * same transaction.
     */
    public synchronized int flush(BudgetState state) {
        if (producer == null || (pending() == 0 && state == null)) {
            return 0;
        }
        try {
            producer.beginTransaction();
            int n = 0;
            for (Writer w : Writer.values()) {
                n += sendPending(producer, w);
            }
            if (state != null) {
                producer.send(new ProducerRecord<>(topics.checkpoint(), BudgetState.KEY, state.encode()));
            }
            producer.commitTransaction();
            return n;
        } catch (KafkaException e) {
            throw new TierpackException("committing the ledger failed", e, "campaign", topics.campaign(),
                    "cause", e.toString());
        }
    }

    /** The spend tally: the committed ledger plus every entry priced in this process since. */
    public SpendTally spend() {
        return spend;
    }

    public LedgerTotals.Snapshot totals() {
        return totals.snapshot();
    }

    /** USD spent over the whole campaign (gauge). */
    public BigDecimal spentUsd() {
        return spend.total();
    }

    /** USD spent in the current calendar month, UTC (gauge). */
    public BigDecimal spentThisMonthUsd() {
        return spend.spentIn(YearMonth.now(cost.clock().withZone(ZoneOffset.UTC)));
    }

    public Optional<Budget> budget() {
        return cost.budget();
    }

    /** What the monthly cap still allows this month (never negative), if there is a cap (gauge). */
    public Optional<BigDecimal> remainingThisMonthUsd() {
        return cost.budget().map(b -> b.monthlyCapUsd().subtract(spentThisMonthUsd()).max(BigDecimal.ZERO));
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
