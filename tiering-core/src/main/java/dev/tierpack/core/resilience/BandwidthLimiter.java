package dev.tierpack.core.resilience;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Limits a byte rate (Resilience4j RateLimiter, permits are bytes refreshed every 10 ms): {@link #throttle} wraps a
 * stream so that each read pays for what it received. A read that cannot get its permits within {@code maxWait}
 * fails with an {@link IOException}.
 */
public final class BandwidthLimiter {
    private final RateLimiter limiter;
    private final int perPeriod;
    private final Duration maxWait;
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();

    /**
     * @param bytesPerSecond at least 100
     */
    public BandwidthLimiter(String name, long bytesPerSecond, Duration maxWait) {
        if (bytesPerSecond < 100) {
            throw new IllegalArgumentException("bytesPerSecond must be at least 100: " + bytesPerSecond);
        }
        this.maxWait = maxWait;
        this.perPeriod = (int) Math.min(Integer.MAX_VALUE, bytesPerSecond / 100);
        this.limiter = RateLimiter.of(name, RateLimiterConfig.custom().timeoutDuration(maxWait)
                .limitForPeriod(perPeriod).limitRefreshPeriod(Duration.ofMillis(10)).build());
    }

    public RateLimiter limiter() {
        return limiter;
    }

    /** How many times a read had to wait for byte permits. */
    public long waits() {
        return waits.sum();
    }

    /** Total time reads waited for byte permits. */
    public Duration waited() {
        return Duration.ofNanos(waitNanos.sum());
    }

    /** Takes {@code n} byte permits, waiting as needed; false if {@code maxWait} passed first. */
    public boolean acquire(long n) {
        long start = System.nanoTime();
        try {
            while (n > 0) {
                int take = (int) Math.min(n, perPeriod);
                if (!limiter.acquirePermission(take)) {
                    return false;
                }
                n -= take;
            }
            return true;
        } finally {
            long spent = System.nanoTime() - start;
            if (spent > 1_000_000) {
                waits.increment();
                waitNanos.add(spent);
            }
        }
    }

    /** {@code in}, paying byte permits for every byte read. */
    public InputStream throttle(InputStream in, String what) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    pay(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    pay(n);
                }
                return n;
            }

            private void pay(long n) throws IOException {
                if (!acquire(n)) {
                    throw new IOException("bandwidth limit wait exceeded: object=" + what + " limiter="
                            + limiter.getName() + " maxWaitMs=" + maxWait.toMillis());
                }
            }
        };
    }
}
