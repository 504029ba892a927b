package dev.tierpack.campaign.worker;

import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.campaign.runtime.BudgetHook.BatchEstimate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects one batch of work records, in delivery order, and decides for each whether it is migrated or skipped:
 * a store path that already has a {@code published} progress event is skipped (it was committed before; its work
 * record came again), and so is a second record of a store path within the batch. Skipped records still advance
 * the offsets committed with the batch. Pure logic: no Kafka, no I/O.
 *
 * <p>A batch is full at {@code batchSize} records or when its narinfo texts reach {@link #MAX_BYTES} (the records
 * are held until the batch commits), and due {@code maxAge} after its first record arrived.
 */
public final class BatchAssembler {
    /** Why a record is or is not migrated. */
    public enum Verdict {
        MIGRATE, SKIP_PUBLISHED, SKIP_DUPLICATE
    }

    /**
     * One delivered record.
     *
     * @param record the decoded work record
     */
    public record Item(TopicPartition partition, long offset, WorkRecord record, Verdict verdict) {}

    /** Narinfo bytes a batch holds at most (beyond one record). */
    public static final long MAX_BYTES = 64L << 20;

    private final int batchSize;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final Predicate<String> published;
    private final List<Item> items = new ArrayList<>();
    private final Set<String> hashes = new HashSet<>();
    private long startedNanos;
    private long bytes;

    /**
     * @param published whether a store path (hash part) already has a published progress event
     */
    public BatchAssembler(int batchSize, Duration maxAge, LongSupplier nanoClock, Predicate<String> published) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize < 1");
        }
        this.batchSize = batchSize;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.published = Objects.requireNonNull(published, "published");
    }

    /** Adds the next delivered record and returns its verdict. */
    public Verdict add(TopicPartition partition, long offset, WorkRecord record) {
        if (full()) {
            throw new IllegalStateException("batch is full");
        }
        if (items.isEmpty()) {
            startedNanos = nanoClock.getAsLong();
        }
        String hash = record.hashPart();
        Verdict v;
        if (published.test(hash)) {
            v = Verdict.SKIP_PUBLISHED;
        } else if (!hashes.add(hash)) {
            v = Verdict.SKIP_DUPLICATE;
        } else {
            v = Verdict.MIGRATE;
        }
        items.add(new Item(partition, offset, record, v));
        bytes += record.narinfo().length();
        return v;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public int size() {
        return items.size();
    }

    public boolean full() {
        return items.size() >= batchSize || bytes >= MAX_BYTES;
    }

    /** Non-empty and older than the maximum age. */
    public boolean due() {
        return !items.isEmpty() && nanoClock.getAsLong() - startedNanos >= maxAgeNanos;
    }

    /** Nanoseconds until the batch is due (0 if due or empty). */
    public long nanosUntilDue() {
        return items.isEmpty() ? 0 : Math.max(0, maxAgeNanos - (nanoClock.getAsLong() - startedNanos));
    }

    /** Every record of the batch in delivery order. */
    public List<Item> items() {
        return List.copyOf(items);
    }

    /** What the records to migrate will read. */
    public BatchEstimate estimate() {
        int n = 0;
        long source = 0, nar = 0;
        for (Item i : items) {
            if (i.verdict() == Verdict.MIGRATE) {
                n++;
                source += Math.max(0, i.record().fileSize());
                nar += i.record().narSize();
            }
        }
        return new BatchEstimate(n, source, nar);
    }

    /**
     * The offsets to commit once the first {@code count} items are done: per partition, one past the last of those
     * items. Delivery order is offset order within a partition, so this never skips an unfinished record.
     */
    public Map<TopicPartition, OffsetAndMetadata> offsetsUpTo(int count) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Item item = items.get(i);
            out.put(item.partition(), new OffsetAndMetadata(item.offset() + 1));
        }
        return out;
    }

    public void clear() {
        items.clear();
        hashes.clear();
        bytes = 0;
    }
}
