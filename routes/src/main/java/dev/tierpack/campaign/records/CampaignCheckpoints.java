package dev.tierpack.campaign.records;

import dev.tierpack.kafka.TopicReader;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The latest committed values of the checkpoint topic: the lister's checkpoint and the worker's totals. Unknown
 * keys are ignored (later versions may add some).
 */
public record CampaignCheckpoints(ListerCheckpoint lister, WorkerTotals worker) {

    /**
     * Reads the checkpoint topic to its end.
     *
     * @param waitForOpenTransactions see {@link TopicReader}: true wherever the result decides what to write next
     */
    public static CampaignCheckpoints read(TopicReader reader, CampaignTopics topics, boolean waitForOpenTransactions,
            Duration timeout) {
        ListerCheckpoint[] lister = {ListerCheckpoint.START};
        WorkerTotals[] worker = {WorkerTotals.ZERO};
        reader.readToEnd(topics.checkpoint(), Map.of(), (ConsumerRecord<String, byte[]> r) -> {
            String where = r.topic() + "/" + r.partition() + "@" + r.offset();
            if (ListerCheckpoint.KEY.equals(r.key()) && r.value() != null) {
                lister[0] = RecordCodec.checkpoint(r.value(), where);
            } else if (WorkerTotals.KEY.equals(r.key()) && r.value() != null) {
                worker[0] = RecordCodec.totals(r.value(), where);
            }
        }, waitForOpenTransactions, timeout);
        return new CampaignCheckpoints(lister[0], worker[0]);
    }
}
