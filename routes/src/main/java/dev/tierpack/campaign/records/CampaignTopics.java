package dev.tierpack.campaign.records;

import dev.tierpack.kafka.KafkaFailure;
import dev.tierpack.kafka.TopicDescriptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka topics of one campaign and their settings:
 *
 * <ul>
 *   <li>{@code tierpack.<campaign>.work}: one record per store path to migrate ({@link WorkRecord}), keyed by
 *       package name; N partitions; kept forever (a paused campaign may resume months later).
 *   <li>{@code tierpack.<campaign>.progress}: compacted, keyed by store-path hash ({@link ProgressEvent}).
 *   <li>{@code tierpack.<campaign>.checkpoint}: compacted, one partition: the lister checkpoint
 *       ({@link ListerCheckpoint}) and the worker totals ({@link WorkerTotals}).
 *   <li>{@code tierpack.<campaign>.ledger}: append-only, kept forever, one partition (the budget ledger).
 * </ul>
 *
 * The consumer group of the workers is {@code tierpack.<campaign>.worker}; transactional ids are
 * {@code tierpack.<campaign>.lister} and {@code tierpack.<campaign>.worker-0}.
 */
public record CampaignTopics(String campaign) {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignTopics.class);

    /** Largest record value: a narinfo may be up to 4 MiB (parser bound) plus the record's other fields. */
    public static final int MAX_MESSAGE_BYTES = 8 << 20;

    public CampaignTopics {
        Objects.requireNonNull(campaign, "campaign");
    }

    public String work() {
        return "tierpack." + campaign + ".work";
    }

    public String progress() {
        return "tierpack." + campaign + ".progress";
    }

    public String checkpoint() {
        return "tierpack." + campaign + ".checkpoint";
    }

    public String ledger() {
        return "tierpack." + campaign + ".ledger";
    }

    public String workerGroup() {
        return "tierpack." + campaign + ".worker";
    }

    public String listerTransactionalId() {
        return "tierpack." + campaign + ".lister";
    }

    /** The transactional id of {@code campaign run}'s only worker (group workers: {@link #workerTransactionalId(String)}). */
    public String workerTransactionalId() {
        return "tierpack." + campaign + ".worker-0";
    }

    /**
     * The transactional id of one member of the worker group ({@code campaign worker --worker-id ID}): a restarted
     * member with the same id fences its previous incarnation.
     */
    public String workerTransactionalId(String workerId) {
        if (workerId == null || !workerId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new dev.tierpack.core.error.ConfigException("worker id must be 1-63 letters, digits, '.', '_' or '-'",
                    "workerId", workerId);
        }
        return "tierpack." + campaign + ".worker-" + workerId;
    }

    public List<String> all() {
        return List.of(work(), progress(), checkpoint(), ledger());
    }

    /**
     * The topics as {@link #ensure} creates them: partitions, replication factor and per-topic configuration (the
     * Strimzi {@code KafkaTopic} examples in {@code k8s/strimzi} must agree with these; a test checks it).
     */
    public List<NewTopic> specs(int partitions, short rf) {
        String forever = "-1";
        return List.of(
                new NewTopic(work(), partitions, rf).configs(Map.of(
                        "cleanup.policy", "delete", "retention.ms", forever, "retention.bytes", "-1",
                        "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES))),
                new NewTopic(progress(), partitions, rf).configs(Map.of(
                        "cleanup.policy", "compact", "max.message.bytes", String.valueOf(1 << 20))),
                new NewTopic(checkpoint(), 1, rf).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(ledger(), 1, rf).configs(Map.of(
                        "cleanup.policy", "delete", "retention.ms", forever, "retention.bytes", "-1")));
    }

    /**
     * Creates the topics that do not exist yet (idempotent) and returns the work topic's partition count, which
     * may differ from {@code partitions} if the topic was created earlier with another count.
     */
    public int ensure(Admin admin, int partitions) {
        try {
            int brokers = admin.describeCluster().nodes().get().size();
            short rf = (short) Math.max(1, Math.min(3, brokers));
            List<NewTopic> wanted = specs(partitions, rf);
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic t : wanted) {
                if (!existing.contains(t.name())) {
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                for (var e : admin.createTopics(missing).values().entrySet()) {
                    try {
                        e.getValue().get();
                        LOG.info("created topic: topic={}", e.getKey());
                    } catch (ExecutionException x) {
                        if (!(x.getCause() instanceof TopicExistsException)) {
                            throw x;
                        }
                    }
                }
            }
            int actual = TopicDescriptions.describe(admin, work()).partitions().size();
            if (actual != partitions) {
                LOG.warn("work topic exists with another partition count; using it: topic={} partitions={} requested={}",
                        work(), actual, partitions);
            }
            return actual;
        } catch (ExecutionException | InterruptedException e) {
            throw KafkaFailure.of("creating the campaign's Kafka topics", e, "campaign", campaign);
        }
    }

}
