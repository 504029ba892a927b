package dev.tierpack.campaign.worker;

import dev.tierpack.core.error.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * How a {@link BatchWorker} takes part in the worker group of a campaign ({@code campaign worker}): N workers
 * subscribe to the work topic and the group spreads its partitions over them.
 *
 * @param workerId       unique and stable per worker (a StatefulSet pod name); names its transactional id
 *                       {@code tierpack.<campaign>.worker-<id>}, so a restarted worker fences its previous
 *                       incarnation and aborts the transaction it left open
 * @param sessionTimeout how long a silent worker (crashed, SIGKILLed) keeps its partitions before the group moves
 *                       them to the others
 * @param onAssigned     runs on the worker's thread when partitions are assigned, before any of their records is
 *                       read: the runtime brings the chunk index up to date with the warm tier's index objects
 *                       (every pack any worker published) and the progress view with the progress topic
 * @param beforeDone     runs once before the worker reports the campaign done (catches the progress view up with
 *                       every worker's events, for the campaign totals)
 */
public record GroupMembership(String workerId, Duration sessionTimeout, Consumer<List<TopicPartition>> onAssigned,
        Runnable beforeDone) {
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);

    public GroupMembership {
        if (workerId == null || !workerId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new ConfigException("worker id must be 1-63 letters, digits, '.', '_' or '-'", "workerId", workerId);
        }
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        if (sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0 || sessionTimeout.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new ConfigException("session timeout must be between 6s and 30m", "sessionTimeout", sessionTimeout);
        }
        Objects.requireNonNull(onAssigned, "onAssigned");
        Objects.requireNonNull(beforeDone, "beforeDone");
    }

    /** Consumer settings of the member: the session timeout, and heartbeats at a third of it. */
    Map<String, Object> consumerOverrides() {
        return Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, sessionTimeout.toMillis() / 3));
    }
}
