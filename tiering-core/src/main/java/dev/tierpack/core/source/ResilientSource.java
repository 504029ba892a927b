package dev.tierpack.core.source;

import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.error.SourceUnavailableException;
import dev.tierpack.core.resilience.BandwidthLimiter;
import dev.tierpack.core.resilience.BreakerSettings;
import dev.tierpack.core.resilience.BulkheadSettings;
import dev.tierpack.core.s3.S3Failures;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.core.tier.RequestListener;
import dev.tierpack.core.tier.RetryingTier;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source through Resilience4j, outermost first: retry (exponential backoff with jitter, {@code Retry-After}
 * honoured) → circuit breaker → bulkhead → request rate limiter → the source; reads also pass a bandwidth limiter
 * (bytes/s). What is retried: listing pages (a listing that breaks resumes after the last key it yielded), HEADs,
 * the opening of reads, and reads that break mid-body (they resume with a ranged read from the first byte not yet
 * delivered, so the caller sees one uninterrupted stream). Only S3 failures worth retrying are retried
 * ({@link S3Failures#retryableSdk}: 503 SlowDown, throttling, 500 InternalError, connection resets, timeouts); a
 * missing object, access denied or a local-directory I/O error surface at once. While the breaker is open, calls
 * fail at once with {@link SourceUnavailableException}.
 */
public final class ResilientSource implements BinaryCacheSource {
    private static final Logger log = LoggerFactory.getLogger(ResilientSource.class);

    /**
     * @param retry             retry policy (the tiers' settings record)
     * @param breaker           the source's circuit breaker
     * @param bulkhead          requests in flight
     * @param requestsPerSecond request rate, or 0 for no limit
     * @param bytesPerSecond    read bandwidth, or 0 for no limit (at least 100 otherwise)
     * @param maxWait           longest a request waits for a rate or bandwidth permit
     */
    public record Settings(RetryingTier.Settings retry, BreakerSettings breaker, BulkheadSettings bulkhead,
            double requestsPerSecond, long bytesPerSecond, Duration maxWait) {
        public Settings {
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(breaker, "breaker");
            Objects.requireNonNull(bulkhead, "bulkhead");
            Objects.requireNonNull(maxWait, "maxWait");
            if (requestsPerSecond < 0 || !Double.isFinite(requestsPerSecond)) {
                throw new IllegalArgumentException("requestsPerSecond must be >= 0: " + requestsPerSecond);
            }
            if (bytesPerSecond < 0 || (bytesPerSecond > 0 && bytesPerSecond < 100)) {
                throw new IllegalArgumentException("bytesPerSecond must be 0 or at least 100: " + bytesPerSecond);
            }
        }

        public static Settings defaults() {
            return new Settings(RetryingTier.Settings.defaults(), BreakerSettings.defaults(),
                    BulkheadSettings.defaults(), 0, 0, Duration.ofMinutes(5));
        }
    }

    private final BinaryCacheSource delegate;
    private final Settings settings;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final RateLimiter requests;
    private final BandwidthLimiter bandwidth;
    private final LongAdder requestWaits = new LongAdder();
    private volatile RequestListener listener;

    public ResilientSource(BinaryCacheSource delegate, Settings settings) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.settings = Objects.requireNonNull(settings, "settings");
        RetryingTier.Settings r = settings.retry();
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(r.initialBackoff(), r.multiplier(),
                r.jitter(), r.maxBackoff());
        long maxHint = r.maxRetryAfter().toMillis();
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            long wait = backoff.apply(attempt);
            if (outcome.isLeft()) {
                Optional<Duration> hint = S3Failures.retryAfter(outcome.getLeft());
                if (hint.isPresent()) {
                    wait = Math.max(wait, Math.min(hint.get().toMillis(), maxHint));
                }
            }
            return wait;
        };
        this.retry = Retry.of("source", RetryConfig.custom().maxAttempts(r.maxAttempts()).intervalBiFunction(interval)
                .retryOnException(ResilientSource::retryable).build());
        retry.getEventPublisher().onRetry(e -> log.debug("retrying source request: attempt={} waitMs={} error={}",
                e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis(),
                e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage()));
        this.breaker = settings.breaker().create("source", ResilientSource::retryable);
        breaker.getEventPublisher().onStateTransition(e -> log.warn("source circuit breaker: source={} transition={}",
                delegate.describe(), e.getStateTransition()));
        this.bulkhead = settings.bulkhead().create("source");
        if (settings.requestsPerSecond() > 0) {
            long periodNanos = (long) Math.max(1_000, 1e9 / settings.requestsPerSecond());
            this.requests = RateLimiter.of("source-requests", RateLimiterConfig.custom()
                    .timeoutDuration(settings.maxWait()).limitForPeriod(1)
                    .limitRefreshPeriod(Duration.ofNanos(periodNanos)).build());
        } else {
            this.requests = null;
        }
        this.bandwidth = settings.bytesPerSecond() > 0
                ? new BandwidthLimiter("source-bytes", settings.bytesPerSecond(), settings.maxWait()) : null;
    }

    /**
     * Whether a source failure is worth retrying: an S3 throttling, server or transport failure; never a missing
     * object or an open breaker.
     */
    public static boolean retryable(Throwable t) {
        if (t instanceof SourceObjectNotFoundException || t instanceof SourceUnavailableException) {
            return false;
        }
        return S3Failures.retryableSdk(t);
    }

    public Settings settings() {
        return settings;
    }

    public Retry retry() {
        return retry;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }

    /** The request rate limiter, if any. */
    public Optional<RateLimiter> requestLimiter() {
        return Optional.ofNullable(requests);
    }

    /** The bandwidth limiter, if any. */
    public Optional<BandwidthLimiter> bandwidthLimiter() {
        return Optional.ofNullable(bandwidth);
    }

    /**
     * Tells {@code listener} of every attempt sent to the source (endpoint {@code source}; GET, GET_RANGE, HEAD, and
     * LIST once per listing opened or reopened; with 0 bytes: body bytes are not counted here), failed or not.
     */
    public void onRequest(RequestListener listener) {
        this.listener = listener;
    }

    /** The wrapped source. */
    public BinaryCacheSource delegate() {
        return delegate;
    }

    /** How many requests waited (more than 1 ms) for a rate permit. */
    public long requestWaits() {
        return requestWaits.sum();
    }

    /** One request through retry, breaker, bulkhead and rate limiter. */
    private <T> T call(String op, String key, Supplier<T> request) {
        return retry.executeSupplier(() -> guarded(op, key, request));
    }

    private <T> T guarded(String op, String key, Supplier<T> request) {
        try {
            return breaker.executeSupplier(() -> bulkhead.executeSupplier(() -> {
                permit(op, key);
                try {
                    return request.get();
                } finally {
                    report(op);
                }
            }));
        } catch (CallNotPermittedException e) {
            throw new SourceUnavailableException(e, delegate.describe(), op, key, breaker.getName());
        } catch (BulkheadFullException e) {
            throw new SourceException("too many source requests in flight", e, "source", delegate.describe(),
                    "op", op, "key", key == null ? "" : key);
        }
    }

    private void report(String op) {
        RequestListener l = listener;
        if (l == null) {
            return;
        }
        RequestKind kind = switch (op) {
            case "get" -> RequestKind.GET;
            case "getRange" -> RequestKind.GET_RANGE;
            case "head" -> RequestKind.HEAD;
            default -> RequestKind.LIST;
        };
        try {
            l.onRequest("source", kind, 0);
        } catch (RuntimeException e) {
            log.warn("request listener failed: source={} kind={} error={}", delegate.describe(), kind, e.toString());
        }
    }

    private void permit(String op, String key) {
        if (requests == null) {
            return;
        }
        long start = System.nanoTime();
        boolean ok = requests.acquirePermission();
        if (System.nanoTime() - start > 1_000_000) {
            requestWaits.increment();
        }
        if (!ok) {
            throw new SourceException("source rate limit wait exceeded", "source", delegate.describe(), "op", op,
                    "key", key == null ? "" : key, "maxWaitMs", settings.maxWait().toMillis());
        }
    }

    @Override
    public Optional<SourceObject> head(String key) {
        return call("head", key, () -> delegate.head(key));
    }

    @Override
    public InputStream open(String key) {
        InputStream in = call("get", key, () -> delegate.open(key));
        return new Resuming(key, 0, -1, in);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        InputStream in = call("getRange", key, () -> delegate.openRange(key, offset, length));
        return new Resuming(key, offset, length, in);
    }

    @Override
    public Iterator<SourceObject> list(String startAfter) {
        return new ResumingListing(startAfter);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "ResilientSource[" + delegate + "]";
    }

    /** A listing that, when a page fails, lists again after the last key it yielded (with retries). */
    private final class ResumingListing implements Iterator<SourceObject> {
        private String last;
        private Iterator<SourceObject> it;

        ResumingListing(String startAfter) {
            this.last = startAfter;
            this.it = call("list", null, () -> delegate.list(startAfter));
        }

        @Override
        public boolean hasNext() {
            try {
                // not through the limiter per key: a page is fetched inside some hasNext, the others are local
                return it.hasNext();
            } catch (RuntimeException first) {
                if (!retryable(first)) {
                    throw first;
                }
                return call("list", null, () -> {
                    it = delegate.list(last);
                    return it.hasNext();
                });
            }
        }

        @Override
        public SourceObject next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SourceObject o = it.next();
            last = o.key();
            return o;
        }
    }

    /**
     * Delivers the bytes of one read, reopening a range after a retryable break (within the retry's attempts;
     * progress renews them) and paying the bandwidth limiter for what it delivers.
     */
    private final class Resuming extends InputStream {
        private final String key;
        private final long start;
        private long length; // -1: whole object, size not yet known
        private long pos;
        private InputStream in;
        private int breaksWithoutProgress;

        Resuming(String key, long start, long length, InputStream in) {
            this.key = key;
            this.start = start;
            this.length = length;
            this.in = throttled(in);
        }

        private InputStream throttled(InputStream raw) {
            return bandwidth == null ? raw : bandwidth.throttle(raw, key);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                try {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        pos += n;
                        breaksWithoutProgress = 0;
                    }
                    return n;
                } catch (IOException | RuntimeException e) {
                    if (!S3Failures.retryableTransport(e) && !retryable(e)) {
                        throw e;
                    }
                    if (++breaksWithoutProgress >= settings.retry().maxAttempts()) {
                        throw e;
                    }
                    reopen(e);
                }
            }
        }

        private void reopen(Exception cause) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // the broken stream is abandoned
            }
            if (length < 0) {
                SourceObject o = call("head", key, () -> delegate.head(key)).orElseThrow(() ->
                        new SourceException("object vanished while it was read", cause, "key", key,
                                "source", delegate.describe()));
                length = o.size();
            }
            long remaining = length - pos;
            log.debug("resuming a broken source read: key={} offset={} remaining={} cause={}", key, start + pos,
                    remaining, cause.toString());
            in = remaining <= 0 ? InputStream.nullInputStream()
                    : throttled(call("getRange", key, () -> delegate.openRange(key, start + pos, remaining)));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
