package dev.tierpack.campaign.runtime;

import dev.tierpack.campaign.config.Limits;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.resilience.BreakerSettings;
import dev.tierpack.core.resilience.BulkheadSettings;
import dev.tierpack.core.source.ResilientSource;
import dev.tierpack.core.tier.RateLimitedTier;
import dev.tierpack.core.tier.RetryingTier;
import dev.tierpack.core.tier.TierResilience;
import java.time.Duration;
import java.util.Objects;

/**
 * How the campaign guards every remote call (Resilience4j), for the source and each tier alike: retries with
 * exponential backoff and jitter ({@code Retry-After} honoured), a circuit breaker per endpoint, a bulkhead, and the
 * campaign's rate limits ({@code limits:} in the campaign file).
 *
 * @param retry                   retries of one request
 * @param breaker                 circuit breaker of each endpoint (source, warm, cold)
 * @param bulkhead                requests in flight per endpoint
 * @param sourceRequestsPerSecond request rate to the source, or 0 for no limit
 * @param sourceBytesPerSecond    read bandwidth from the source, or 0 for no limit
 * @param tierRequestsPerSecond   request rate to each tier, or 0 for no limit
 * @param maxWait                 longest a request waits for a rate permit before it fails (and is retried)
 */
public record ResilienceSettings(RetryingTier.Settings retry, BreakerSettings breaker, BulkheadSettings bulkhead,
        double sourceRequestsPerSecond, long sourceBytesPerSecond, double tierRequestsPerSecond, Duration maxWait) {

    /** Longest wait for a rate permit by default. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);

    public ResilienceSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(bulkhead, "bulkhead");
        Objects.requireNonNull(maxWait, "maxWait");
        if (!(sourceRequestsPerSecond >= 0) || !Double.isFinite(sourceRequestsPerSecond)) {
            throw new ConfigException("must be a positive number", "key", "limits.sourceRequestsPerSecond",
                    "value", sourceRequestsPerSecond);
        }
        if (sourceBytesPerSecond < 0 || (sourceBytesPerSecond > 0 && sourceBytesPerSecond < 100)) {
            throw new ConfigException("must be at least 100 bytes/s", "key", "limits.sourceBytesPerSecond",
                    "value", sourceBytesPerSecond);
        }
        if (!(tierRequestsPerSecond >= 0) || !Double.isFinite(tierRequestsPerSecond)) {
            throw new ConfigException("must be a positive number", "key", "limits.tierRequestsPerSecond",
                    "value", tierRequestsPerSecond);
        }
    }

    /** Default retries ({@link RetryingTier.Settings#defaults()}), breaker and bulkhead; no rate limits. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(RetryingTier.Settings.defaults(), BreakerSettings.defaults(),
                BulkheadSettings.defaults(), 0, 0, 0, DEFAULT_MAX_WAIT);
    }

    /** The defaults with the rate limits of the campaign file's {@code limits:} (an absent limit is no limit). */
    public static ResilienceSettings fromLimits(Limits limits) {
        Objects.requireNonNull(limits, "limits");
        ResilienceSettings d = defaults();
        return new ResilienceSettings(d.retry(), d.breaker(), d.bulkhead(),
                limits.sourceRequestsPerSecond().orElse(0), limits.sourceBytesPerSecond().orElse(0),
                limits.tierRequestsPerSecond().orElse(0), d.maxWait());
    }

    public ResilienceSettings withRetry(RetryingTier.Settings retry) {
        return new ResilienceSettings(retry, breaker, bulkhead, sourceRequestsPerSecond, sourceBytesPerSecond,
                tierRequestsPerSecond, maxWait);
    }

    public ResilienceSettings withBreaker(BreakerSettings breaker) {
        return new ResilienceSettings(retry, breaker, bulkhead, sourceRequestsPerSecond, sourceBytesPerSecond,
                tierRequestsPerSecond, maxWait);
    }

    /** What {@link dev.tierpack.core.tier.Tiers#resilient} puts around each tier. */
    public TierResilience tier() {
        RateLimitedTier.Limits limits = tierRequestsPerSecond > 0
                // the tier limiter counts whole requests per second: a fractional rate rounds up to at least 1
                ? new RateLimitedTier.Limits((int) Math.max(1, Math.ceil(tierRequestsPerSecond)), 0, maxWait)
                : null;
        return new TierResilience(retry, breaker, bulkhead, limits);
    }

    /** What {@link ResilientSource} puts around the source. */
    public ResilientSource.Settings source() {
        return new ResilientSource.Settings(retry, breaker, bulkhead, sourceRequestsPerSecond, sourceBytesPerSecond,
                maxWait);
    }
}
