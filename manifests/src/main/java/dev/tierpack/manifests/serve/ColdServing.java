package dev.tierpack.manifests.serve;

import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.manifests.restore.ColdRestorer;
import java.util.Objects;

/**
 * How {@code serve} answers store paths placed cold when it can reach the cold tier. A path whose cold packs are all
 * restored (or not archived) is served like a warm one. Otherwise: 404 with {@code X-Tierpack-Restore: archived} or
 * {@code in-progress}; with {@code restoreOnMiss}, the request triggers a budgeted restore of the packs the path needs
 * ({@link ColdRestorer#restore}) and is answered 503 with {@code Retry-After} (seconds to the ETA) and
 * {@code X-Tierpack-Restore: in-progress} until they are available, or 404 with {@code X-Tierpack-Restore: refused}
 * when the restore cap does not allow it.
 *
 * @param restorer the restore workflow over the cold tier
 * @param restoreOnMiss whether a request for a cold path starts its restore
 * @param tier the retrieval tier of restores started here
 * @param days how long restored copies stay readable
 */
public record ColdServing(ColdRestorer restorer, boolean restoreOnMiss, RestoreTier tier, int days) {
    public ColdServing {
        Objects.requireNonNull(restorer, "restorer");
        Objects.requireNonNull(tier, "tier");
        if (days < 1) {
            throw new IllegalArgumentException("restore days must be at least 1: " + days);
        }
    }
}
