package dev.tierpack.campaign.runtime;

import dev.tierpack.core.error.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * What one process does in a campaign:
 * <ul>
 *   <li>{@link #SINGLE} ({@code campaign run}): the lister and the campaign's only worker, which is assigned every
 *       partition of the work topic;
 *   <li>{@link #lister()} ({@code campaign list}): the lister alone; it ends when the listing is complete;
 *   <li>{@link #worker} ({@code campaign worker}): one member of the worker group; N of them share the work topic's
 *       partitions, each with its own transactional id, chunk index and state directory. A worker ends when the
 *       listing is complete and the whole group has committed every work record.
 * </ul>
 *
 * @param workerId       a worker's unique, stable id (null unless a group worker)
 * @param sessionTimeout how long a silent group worker keeps its partitions (null unless a group worker)
 * @param minOrphanAge   orphan packs younger than this are not deleted at start (another worker may be uploading
 *                       them); zero for a single worker
 */
public record RunRole(boolean lists, boolean works, String workerId, Duration sessionTimeout, Duration minOrphanAge) {
    public static final RunRole SINGLE = new RunRole(true, true, null, null, Duration.ZERO);
    /** Longer than any pack upload: 6 hours. */
    public static final Duration DEFAULT_MIN_ORPHAN_AGE = Duration.ofHours(6);

    public RunRole {
        if (!lists && !works) {
            throw new IllegalArgumentException("a run lists, works or both");
        }
        Objects.requireNonNull(minOrphanAge, "minOrphanAge");
        if (minOrphanAge.isNegative()) {
            throw new ConfigException("orphan age must not be negative", "minOrphanAge", minOrphanAge);
        }
        if ((workerId == null) != (sessionTimeout == null)) {
            throw new IllegalArgumentException("a group worker has both an id and a session timeout");
        }
        if (workerId != null && lists) {
            throw new IllegalArgumentException("a group worker does not list");
        }
    }

    public static RunRole lister() {
        return new RunRole(true, false, null, null, Duration.ZERO);
    }

    public static RunRole worker(String workerId, Duration sessionTimeout, Duration minOrphanAge) {
        return new RunRole(false, true, Objects.requireNonNull(workerId, "workerId"),
                Objects.requireNonNull(sessionTimeout, "sessionTimeout"), minOrphanAge);
    }

    public boolean groupWorker() {
        return workerId != null;
    }
}
