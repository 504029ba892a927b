package dev.tierpack.campaign.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker group's lag on the work topic: for every partition, its end offset minus the group's committed offset
 * (0 when none is committed). End offsets count the transaction markers of the lister's commits, so a caught-up
 * group may still show up to one record per partition. Asked from Kafka (Admin client) when read, at most once per {@code maxAge}; NaN when
 * Kafka does not answer within a few seconds.
 */
public final class KafkaLag implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLag.class);

    private final Admin admin;
    private final String topic;
    private final String group;
    private final long maxAgeNanos;
    private long readAt;
    private double last = Double.NaN;

    public KafkaLag(String bootstrap, String topic, String group, Duration maxAge) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000));
        this.topic = topic;
        this.group = group;
        this.maxAgeNanos = maxAge.toNanos();
        this.readAt = System.nanoTime() - maxAgeNanos - 1;
    }

    /** Records of the work topic the group has not committed yet. */
    public synchronized double records() {
        if (System.nanoTime() - readAt < maxAgeNanos) {
            return last;
        }
        try {
            Set<TopicPartition> partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                lag += Math.max(0, end.get(p).offset() - (c == null ? 0 : c.offset()));
            }
            last = lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("kafka lag unavailable: topic={} group={} cause={}", topic, group, e.toString());
            last = Double.NaN;
        }
        readAt = System.nanoTime();
        return last;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
