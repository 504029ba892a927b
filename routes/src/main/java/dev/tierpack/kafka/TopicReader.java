package dev.tierpack.kafka;

import dev.tierpack.core.error.TierpackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the committed records of a topic from given offsets up to its end: what every transaction committed
 * before the call says. Used to rebuild state from the compacted topics at start.
 *
 * <p>"The end" is the log end offset (high watermark), not the last stable offset: a {@code read_committed}
 * consumer stops at the first record of a transaction still open, and a checkpoint committed after it would stay
 * invisible; reading up to the high watermark waits for such transactions to commit or abort instead. With
 * {@code waitForOpenTransactions=false} the read stops at the last stable offset (for status displays).
 */
public final class TopicReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;

    public TopicReader(String bootstrap) {
        this.consumer = KafkaClients.reader(bootstrap);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** The topic's partitions, sorted by number. */
    public List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
        if (infos == null || infos.isEmpty()) {
            throw new TierpackException("topic not found", "topic", topic);
        }
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo i : infos) {
            out.add(new TopicPartition(topic, i.partition()));
        }
        out.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        return out;
    }

    /**
     * Feeds every committed record of {@code topic} at or after {@code from} (per partition; partitions not in the
     * map from the beginning) to {@code each}, in offset order per partition, and returns the next offsets.
     *
     * @param timeout how long the whole read may take before it fails
     */
    public Map<TopicPartition, Long> readToEnd(String topic, Map<TopicPartition, Long> from,
            Consumer<ConsumerRecord<String, byte[]>> each, boolean waitForOpenTransactions, Duration timeout) {
        List<TopicPartition> parts = partitions(topic);
        consumer.assign(parts);
        for (TopicPartition tp : parts) {
            Long start = from.get(tp);
            if (start == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, start);
            }
        }
        Map<TopicPartition, Long> end = waitForOpenTransactions ? highWatermarks(parts) : consumer.endOffsets(parts);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(parts, end)) {
            if (System.nanoTime() > deadline) {
                throw new TierpackException("reading topic to its end timed out (a transaction left open?)",
                        "topic", topic, "timeoutMs", timeout.toMillis(), "end", end);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                each.accept(r);
            }
        }
        Map<TopicPartition, Long> reached = new HashMap<>();
        for (TopicPartition tp : parts) {
            reached.put(tp, consumer.position(tp));
        }
        consumer.unsubscribe();
        return reached;
    }

    /** The topic's id (changes when the topic is deleted and created again). */
    public String topicId(String topic) {
        try {
            return TopicDescriptions.describe(admin, topic).topicId().toString();
        } catch (ExecutionException | InterruptedException e) {
            throw KafkaFailure.of("describing a topic", e, "topic", topic);
        }
    }

    /** Committed records of one partition in {@code [from, end)}; markers and aborted records are not counted. */
    public long countRecords(TopicPartition tp, long from, long end, Duration timeout) {
        if (from >= end) {
            return 0;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long n = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(tp) < end) {
            if (System.nanoTime() > deadline) {
                throw new TierpackException("counting records timed out", "partition", tp, "from", from, "end", end);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                if (r.offset() < end) {
                    n++;
                }
            }
        }
        consumer.unsubscribe();
        return n;
    }

    /** Log end offsets, open transactions included. */
    public Map<TopicPartition, Long> highWatermarks(List<TopicPartition> parts) {
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        parts.forEach(tp -> spec.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(spec, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get()
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException | InterruptedException e) {
            throw KafkaFailure.of("listing topic offsets", e);
        }
    }

    /** Last stable offsets (what a {@code read_committed} consumer can reach now). */
    public Map<TopicPartition, Long> stableEnds(List<TopicPartition> parts) {
        return consumer.endOffsets(parts);
    }

    private boolean reached(List<TopicPartition> parts, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : parts) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        admin.close(Duration.ofSeconds(5));
    }
}
