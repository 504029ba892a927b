package dev.tierpack.kafka;

import dev.tierpack.campaign.records.CampaignTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka clients tierpack uses, configured for exactly-once campaign bookkeeping: transactional idempotent
 * producers ({@code acks=all}) and {@code read_committed} consumers that never commit by themselves. Keys are
 * strings, values bytes (JSON, see {@link dev.tierpack.campaign.records.RecordCodec}).
 */
public final class KafkaClients {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

    private KafkaClients() {}

    /** A transactional producer; the caller calls {@code initTransactions()} (which fences older instances). */
    public static KafkaProducer<String, byte[]> transactionalProducer(String bootstrap, String transactionalId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, CampaignTopics.MAX_MESSAGE_BYTES + (64 << 10));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        // a transaction begun right after the previous commit may meet CONCURRENT_TRANSACTIONS (retriable) while the
        // broker still writes the markers; one request in flight keeps the retry from cascading into
        // OUT_OF_ORDER_SEQUENCE_NUMBER retries of the requests behind it, and a short backoff keeps it cheap
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Closes {@code producer} (if any) before a new one replaces it after a failed transaction: closing aborts its
     * open transaction, and the new producer's {@code initTransactions()} fences it anyway, so a failure to close is
     * logged, not thrown.
     *
     * @param owner who owned it ({@code lister}, {@code worker}), for the log
     */
    public static void closeReplaced(Producer<?, ?> producer, String owner) {
        if (producer == null) {
            return;
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("closing the {}'s producer failed", owner, e);
        }
    }

    /** A consumer outside any group, for reading topics to their end ({@link TopicReader}). */
    public static KafkaConsumer<String, byte[]> reader(String bootstrap) {
        return new KafkaConsumer<>(base(bootstrap), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A consumer whose offsets are stored for {@code group}; it is meant to be {@code assign}ed partitions (no
     * group membership, no rebalances) and its offsets committed only through a producer's transaction.
     */
    public static KafkaConsumer<String, byte[]> groupConsumer(String bootstrap, String group, int maxPollRecords) {
        Map<String, Object> c = base(bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A member of {@code group} that {@code subscribe}s (partitions assigned by the group, cooperative rebalancing);
     * {@code overrides} are extra consumer settings (session timeout, heartbeat interval). Offsets are still
     * committed only through a producer's transaction.
     */
    public static KafkaConsumer<String, byte[]> groupConsumer(String bootstrap, String group, int maxPollRecords,
            Map<String, Object> overrides) {
        Map<String, Object> c = base(bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        c.putAll(overrides);
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<String, Object> base(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, CampaignTopics.MAX_MESSAGE_BYTES);
        return c;
    }
}
