package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierUnavailableException;
import dev.tierpack.core.resilience.BreakerSettings;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker on the tier's endpoint (Resilience4j CircuitBreaker; see {@link BreakerSettings}). Every
 * request-level call (each part, each page, the opening of a read) goes through it. Only availability failures
 * count: {@link TierException#retryable() retryable} failures other than a local rate-limit wait; a 404 or 403 is
 * an answer, not an outage. While the breaker is open, calls fail at once with a {@link TierUnavailableException}
 * without being sent, so an unavailable MinIO is not hammered; {@link RetryingTier} does not retry those, the
 * campaign worker waits for the breaker to half-open and redoes its batch.
 */
public final class CircuitBreakerTier extends GuardedTier {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerTier.class);

    private final CircuitBreaker breaker;

    public CircuitBreakerTier(Tier delegate, BreakerSettings settings) {
        super(delegate);
        this.breaker = settings.create("tier-" + delegate.name(), CircuitBreakerTier::outage);
        breaker.getEventPublisher().onStateTransition(e -> log.warn("tier circuit breaker: tier={} transition={}",
                delegate.name(), e.getStateTransition()));
    }

    /** Whether a failure says the endpoint is unavailable. */
    static boolean outage(Throwable t) {
        return t instanceof TierException e && e.retryable() && !(e instanceof TierUnavailableException)
                && !"LocalRateLimit".equals(e.code());
    }

    /** The Resilience4j breaker (state, metrics, events). */
    public CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    protected <T> T call(String op, String key, Supplier<T> request) {
        try {
            return breaker.executeSupplier(request);
        } catch (CallNotPermittedException e) {
            throw new TierUnavailableException(e, name(), op, key, breaker.getName());
        }
    }

    @Override
    protected boolean guardsAbort() {
        // an abort is cleanup after a failure: send it even when the breaker is open
        return false;
    }
}
