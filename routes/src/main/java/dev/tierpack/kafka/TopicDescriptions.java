package dev.tierpack.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describing a topic that may have just been created. The controller knows a new topic at once, but a broker may
 * answer {@code UnknownTopicOrPartition} until its metadata catches up; that answer is retried for at most a
 * bounded wait. Any other failure, or a topic still unknown after the wait, is the caller's to report.
 */
public final class TopicDescriptions {
    /** How long a just-created topic may take to show up in the metadata. */
    public static final Duration METADATA_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(TopicDescriptions.class);
    private static final long BACKOFF_MS = 100;

    private TopicDescriptions() {}

    public static TopicDescription describe(Admin admin, String topic) throws ExecutionException, InterruptedException {
        return describe(admin, topic, METADATA_WAIT);
    }

    public static TopicDescription describe(Admin admin, String topic, Duration wait)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.debug("topic not in the metadata yet, retrying: topic={}", topic);
                Thread.sleep(BACKOFF_MS);
            }
        }
    }
}
