package dev.tierpack.campaign.runtime;

import dev.tierpack.campaign.recovery.CampaignRecovery;
import dev.tierpack.campaign.worker.GroupMembership;
import dev.tierpack.kafka.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a group worker ({@code campaign worker}) does beyond a single worker:
 * <ul>
 *   <li><b>on assignment</b>, before reading the new partitions: every pack published by any worker is brought into
 *       this worker's chunk index from the warm tier's index objects ({@link CampaignRecovery#publishMissing}: the
 *       chunk index is a per-worker cache of the index objects, so a partition that moves deduplicates against
 *       everything stored so far, and no rebuild of a "shard" is needed), and the progress view catches up with the
 *       progress topic (store paths other workers published are skipped, never published twice);
 *   <li><b>the end</b>: the campaign is finished when the listing is complete and the whole group has committed every
 *       work record (the group's committed offsets reach each partition's last stable offset), not when this
 *       worker's partitions are drained: a worker that ends early would leave a dead worker's partitions to nobody.
 *       Checked at most once a second ({@link CampaignStatus}).
 * </ul>
 */
final class GroupWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(GroupWorkers.class);
    private static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private final CampaignRuntime runtime;
    private long nextCheck;
    private boolean finished;

    GroupWorkers(CampaignRuntime runtime) {
        this.runtime = runtime;
    }

    GroupMembership membership(RunRole role) {
        return new GroupMembership(role.workerId(), role.sessionTimeout(), this::onAssigned, this::catchUpView);
    }

    /** Runs on the worker's thread (inside poll). */
    private void onAssigned(List<TopicPartition> assigned) {
        long t0 = System.nanoTime();
        List<String> published = CampaignRecovery.publishMissing(runtime.warmTier(), runtime.coldTier(), runtime.chunkIndex());
        catchUpView();
        LOG.info("caught up after assignment: campaign={} partitions={} packsPublishedIntoChunkIndex={} ms={}",
                runtime.topics().campaign(), assigned.size(), published.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    private void catchUpView() {
        String topic = runtime.topics().progress();
        try (TopicReader r = new TopicReader(runtime.bootstrap())) {
            runtime.progressView().catchUp(r, topic, r.topicId(topic), READ_TIMEOUT);
        }
    }

    /** Whether the listing is complete and the group has committed every work record (throttled). */
    boolean campaignFinished() {
        long now = System.nanoTime();
        if (finished || now - nextCheck < 0) {
            return finished;
        }
        nextCheck = now + CHECK_INTERVAL_NANOS;
        CampaignStatus status = CampaignStatus.read(runtime.bootstrap(), runtime.topics(), true);
        runtime.listingSeen(status.listing());
        finished = status.listing().complete() && status.totalLag() == 0;
        return finished;
    }
}
