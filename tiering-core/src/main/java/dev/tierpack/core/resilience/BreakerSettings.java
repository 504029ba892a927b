package dev.tierpack.core.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A circuit breaker per endpoint (Resilience4j CircuitBreaker, count-based sliding window): it opens when at least
 * {@code failureRatePercent} of the last {@code windowSize} calls (and at least {@code minimumCalls}) failed with
 * an availability failure, fails calls at once while open, moves to half-open by itself after {@code openWait}, and
 * closes again when {@code halfOpenCalls} trial calls succeed.
 *
 * @param failureRatePercent failure rate (1..100) that opens the breaker
 * @param windowSize         calls in the sliding window
 * @param minimumCalls       calls needed before the rate is computed
 * @param openWait           how long the breaker stays open before letting trial calls through
 * @param halfOpenCalls      trial calls in the half-open state
 */
public record BreakerSettings(int failureRatePercent, int windowSize, int minimumCalls, Duration openWait,
        int halfOpenCalls) {
    public BreakerSettings {
        if (failureRatePercent < 1 || failureRatePercent > 100) {
            throw new IllegalArgumentException("failureRatePercent must be in [1, 100]: " + failureRatePercent);
        }
        if (windowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
            throw new IllegalArgumentException("windowSize, minimumCalls and halfOpenCalls must be at least 1");
        }
        Objects.requireNonNull(openWait, "openWait");
        if (openWait.toMillis() < 1) {
            throw new IllegalArgumentException("openWait must be at least 1 ms: " + openWait);
        }
    }

    /** Opens at 50 % failures over the last 20 calls (at least 10), stays open 30 s, 3 trial calls. */
    public static BreakerSettings defaults() {
        return new BreakerSettings(50, 20, 10, Duration.ofSeconds(30), 3);
    }

    /**
     * A breaker named {@code name} that counts failures matching {@code counts}; other exceptions are neither
     * successes nor failures.
     */
    public CircuitBreaker create(String name, Predicate<Throwable> counts) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(windowSize)
                .minimumNumberOfCalls(Math.min(minimumCalls, windowSize))
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(openWait)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .recordException(counts::test)
                .ignoreException(counts.negate()::test)
                .build();
        return CircuitBreaker.of(name, config);
    }
}
