package dev.tierpack.campaign.runtime;

import dev.tierpack.campaign.records.CampaignCheckpoints;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.campaign.records.WorkerTotals;
import dev.tierpack.kafka.KafkaFailure;
import dev.tierpack.kafka.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A campaign's progress as Kafka records it, readable whether or not a run is active: the lister checkpoint, the
 * worker totals of the last committed batch, and the work topic's lag per partition (committed offset of the worker
 * group against the last stable offset).
 *
 * @param exists whether the campaign's topics exist at all
 */
public record CampaignStatus(String campaign, boolean exists, boolean active, ListerCheckpoint listing,
        WorkerTotals totals, List<Lag> lag) {

    /**
     * Work records of one partition not yet committed.
     *
     * @param committed the worker group's committed offset
     * @param end       the partition's last stable offset
     * @param pending   work records between the two (transaction markers take offsets too, so this is counted by
     *                  reading, up to {@value #COUNT_LIMIT}; beyond, it is the offset difference, an upper bound)
     * @param exact     whether {@code pending} was counted
     */
    public record Lag(int partition, long committed, long end, long pending, boolean exact) {
        public long lag() {
            return pending;
        }
    }

    /** Records counted per partition before the lag is reported as an offset difference. */
    public static final int COUNT_LIMIT = 10_000;

    public long totalLag() {
        return lag.stream().mapToLong(Lag::lag).sum();
    }

    public static CampaignStatus read(String bootstrap, CampaignTopics topics, boolean active) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                TopicReader reader = new TopicReader(bootstrap)) {
            if (!admin.listTopics().names().get().containsAll(topics.all())) {
                return new CampaignStatus(topics.campaign(), false, active, ListerCheckpoint.START, WorkerTotals.ZERO, List.of());
            }
            CampaignCheckpoints cp = CampaignCheckpoints.read(reader, topics, false, Duration.ofMinutes(2));
            List<TopicPartition> parts = reader.partitions(topics.work());
            Map<TopicPartition, Long> ends = reader.stableEnds(parts);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(topics.workerGroup()).partitionsToOffsetAndMetadata().get();
            List<Lag> lag = new ArrayList<>();
            for (TopicPartition tp : parts) {
                OffsetAndMetadata o = committed.get(tp);
                long from = o == null ? 0 : o.offset();
                long end = ends.get(tp);
                if (end - from <= COUNT_LIMIT) {
                    lag.add(new Lag(tp.partition(), from, end, reader.countRecords(tp, from, end, Duration.ofSeconds(30)), true));
                } else {
                    lag.add(new Lag(tp.partition(), from, end, end - from, false));
                }
            }
            return new CampaignStatus(topics.campaign(), true, active, cp.lister(), cp.worker(), lag);
        } catch (ExecutionException | InterruptedException e) {
            throw KafkaFailure.of("reading campaign status", e, "campaign", topics.campaign());
        }
    }
}
