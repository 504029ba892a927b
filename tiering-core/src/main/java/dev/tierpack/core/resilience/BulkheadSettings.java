package dev.tierpack.core.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * A bulkhead per endpoint (Resilience4j semaphore Bulkhead): at most {@code maxConcurrent} requests in flight; a
 * caller waits up to {@code maxWait} for a slot.
 */
public record BulkheadSettings(int maxConcurrent, Duration maxWait) {
    public BulkheadSettings {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1: " + maxConcurrent);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
    }

    /** 32 requests in flight, callers wait up to 60 s. */
    public static BulkheadSettings defaults() {
        return new BulkheadSettings(32, Duration.ofSeconds(60));
    }

    public Bulkhead create(String name) {
        return Bulkhead.of(name, BulkheadConfig.custom().maxConcurrentCalls(maxConcurrent).maxWaitDuration(maxWait)
                .build());
    }
}
