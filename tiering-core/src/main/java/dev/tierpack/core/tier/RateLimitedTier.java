package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Limits the request rate and the byte rate to a tier (Resilience4j RateLimiter): every request
 * takes one request permit before it is sent; every PUT-class body takes its size in byte permits
 * before it is sent, and reads take byte permits for what they received as they go. A caller waits
 * for permits up to {@link Limits#maxWait()}; past that the request fails with a retryable
 * {@link TierException} (code {@code LocalRateLimit}) without being sent.
 */
public final class RateLimitedTier extends InterceptingTier {

    /**
     * @param requestsPerSecond requests per second, or 0 for no request limit
     * @param bytesPerSecond body bytes per second (reads and writes together), or 0 for no byte limit
     * @param maxWait longest a caller waits for permits
     */
    public record Limits(int requestsPerSecond, long bytesPerSecond, Duration maxWait) {
        public Limits {
            if (requestsPerSecond < 0 || bytesPerSecond < 0) {
                throw new IllegalArgumentException("rates must not be negative");
            }
            Objects.requireNonNull(maxWait, "maxWait");
        }
    }

    private final Limits limits;
    private final RateLimiter requests;
    private final RateLimiter bytes;
    private final int bytesPerPeriod;
    private final java.util.concurrent.atomic.LongAdder waits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder waitNanos = new java.util.concurrent.atomic.LongAdder();

    public RateLimitedTier(Tier delegate, Limits limits) {
        super(delegate);
        this.limits = Objects.requireNonNull(limits, "limits");
        String n = delegate.name();
        if (limits.requestsPerSecond() > 0) {
            // one permit every 1/rate seconds: smooth, no burst of a whole second's worth
            int rate = limits.requestsPerSecond();
            RateLimiterConfig.Builder c = RateLimiterConfig.custom().timeoutDuration(limits.maxWait());
            if (rate <= 1000) {
                c.limitForPeriod(1).limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / rate));
            } else {
                c.limitForPeriod(rate / 1000).limitRefreshPeriod(Duration.ofMillis(1));
            }
            this.requests = RateLimiter.of("tier-" + n + "-requests", c.build());
        } else {
            this.requests = null;
        }
        if (limits.bytesPerSecond() > 0) {
            // permits refresh every 10 ms
            this.bytesPerPeriod = (int) Math.max(1, Math.min(Integer.MAX_VALUE, limits.bytesPerSecond() / 100));
            this.bytes = RateLimiter.of("tier-" + n + "-bytes", RateLimiterConfig.custom()
                    .timeoutDuration(limits.maxWait())
                    .limitForPeriod(bytesPerPeriod)
                    .limitRefreshPeriod(Duration.ofMillis(10))
                    .build());
        } else {
            this.bytes = null;
            this.bytesPerPeriod = 0;
        }
    }

    public Limits limits() {
        return limits;
    }

    private void request(String op, String key) {
        if (requests == null) {
            return;
        }
        long start = System.nanoTime();
        boolean permitted = requests.acquirePermission();
        noteWait(start);
        if (!permitted) {
            throw waited(op, key, "requests");
        }
    }

    private void noteWait(long start) {
        long spent = System.nanoTime() - start;
        if (spent > 1_000_000) {
            waits.increment();
            waitNanos.add(spent);
        }
    }

    /** How many times a request waited (more than 1 ms) for permits. */
    public long waits() {
        return waits.sum();
    }

    /** Total time requests waited for permits. */
    public Duration waited() {
        return Duration.ofNanos(waitNanos.sum());
    }

    private void bytes(String op, String key, long n) {
        if (bytes == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            while (n > 0) {
                int take = (int) Math.min(n, bytesPerPeriod);
                if (!bytes.acquirePermission(take)) {
                    throw waited(op, key, "bytes");
                }
                n -= take;
            }
        } finally {
            noteWait(start);
        }
    }

    private TierException waited(String op, String key, String what) {
        TierException e = new TierException("rate limit wait exceeded", null, name(), op, key, TierException.NO_STATUS,
                "LocalRateLimit", true, null);
        e.with("limit", what).with("maxWaitMs", limits.maxWait().toMillis());
        return e;
    }

    @Override
    public InputStream read(String key) {
        request("get", key);
        return new Throttled(delegate.read(key), "get", key);
    }

    @Override
    public InputStream readRange(String key, long offset, long length) {
        request("getRange", key);
        return new Throttled(delegate.readRange(key, offset, length), "getRange", key);
    }

    @Override
    protected <T> T intercept(Request request, Supplier<T> send) {
        request(request.op(), request.key());
        bytes(request.op(), request.key(), request.bodyBytes());
        return send.get();
    }

    /** Pays byte permits for what each read received. */
    private final class Throttled extends FilterInputStream {
        private final String op;
        private final String key;

        Throttled(InputStream in, String op, String key) {
            super(in);
            this.op = op;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                bytes(op, key, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                bytes(op, key, n);
            }
            return n;
        }
    }
}
