package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import dev.tierpack.core.resilience.BulkheadSettings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.util.function.Supplier;

/**
 * Bounds the requests in flight to a tier (Resilience4j semaphore Bulkhead; see {@link BulkheadSettings}). Each
 * request-level call holds a slot while it is sent (for a read: while it is opened). A caller that finds no slot
 * within the wait fails with a retryable {@link TierException} (code {@code LocalBulkheadFull}) without sending.
 */
public final class BulkheadTier extends GuardedTier {
    private final Bulkhead bulkhead;

    public BulkheadTier(Tier delegate, BulkheadSettings settings) {
        super(delegate);
        this.bulkhead = settings.create("tier-" + delegate.name());
    }

    /** The Resilience4j bulkhead (metrics, events). */
    public Bulkhead bulkhead() {
        return bulkhead;
    }

    @Override
    protected <T> T call(String op, String key, Supplier<T> request) {
        try {
            return bulkhead.executeSupplier(request);
        } catch (BulkheadFullException e) {
            TierException x = new TierException("too many requests in flight", e, name(), op, key,
                    TierException.NO_STATUS, "LocalBulkheadFull", true, null);
            x.with("maxConcurrent", bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
            throw x;
        }
    }

    @Override
    protected boolean guardsAbort() {
        return true;
    }
}
