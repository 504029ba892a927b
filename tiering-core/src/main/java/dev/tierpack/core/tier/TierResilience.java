package dev.tierpack.core.tier;

import dev.tierpack.core.resilience.BreakerSettings;
import dev.tierpack.core.resilience.BulkheadSettings;
import java.util.Objects;

/**
 * Everything {@link Tiers#resilient} puts around a tier.
 *
 * @param retry    retries with exponential backoff and jitter, Retry-After honoured
 * @param breaker  the circuit breaker of the tier's endpoint
 * @param bulkhead requests in flight
 * @param limits   request and byte rates, or null for none
 */
public record TierResilience(RetryingTier.Settings retry, BreakerSettings breaker, BulkheadSettings bulkhead,
        RateLimitedTier.Limits limits) {
    public TierResilience {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(bulkhead, "bulkhead");
    }

    /** Default retries, breaker and bulkhead; no rate limits. */
    public static TierResilience defaults() {
        return new TierResilience(RetryingTier.Settings.defaults(), BreakerSettings.defaults(),
                BulkheadSettings.defaults(), null);
    }
}
