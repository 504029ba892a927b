package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierObjectNotFoundException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries requests that failed with a {@link TierException#retryable() retryable}
 * {@link TierException} (Resilience4j Retry): exponential backoff with jitter, a maximum number of
 * attempts per request, and the server's {@code Retry-After} hint honoured (up to a cap) when it is
 * longer than the backoff. Non-retryable failures (403, 404, bad digest, …) surface at once. When
 * the attempts are used up, the last failure surfaces unchanged, so a caller still sees
 * {@code retryable=true} for an outage that outlasted the budget.
 *
 * <h2>What is retried</h2>
 * <ul>
 *   <li>Each single request: HEAD, DELETE, each LIST page, the opening of a read.
 *   <li>Uploads, per request. The caller's stream cannot be replayed (its bytes are gone once
 *       written), so an upload is never restarted from the beginning. What is replayable is the
 *       upload's part buffer: an object of at most one part is sent by one PUT from that buffer,
 *       so retrying that PUT retries the whole upload; a larger object retries the initiate, each
 *       part from the buffer (only the failed part is sent again), and the completion. If a
 *       completion's response was lost in transit and the retry finds the upload gone (AWS answers
 *       NoSuchUpload, S3Proxy NoSuchKey), the object is looked up with one HEAD: when it exists
 *       with the expected size the completion is taken as done.
 *   <li>Reads, mid-body: when a response body breaks after some bytes, the stream reopens a range
 *       from the first byte not yet delivered, so the reader sees one uninterrupted stream. Each
 *       break that follows progress gets a fresh attempt budget; repeated breaks without progress
 *       share one. (Resuming a whole-object read first asks the object's size with a HEAD.)
 * </ul>
 */
public final class RetryingTier extends InterceptingTier {
    private static final Logger log = LoggerFactory.getLogger(RetryingTier.class);

    /**
     * @param maxAttempts attempts per request, including the first (1 disables retries)
     * @param initialBackoff wait before the second attempt
     * @param multiplier backoff growth per attempt
     * @param jitter randomization factor in [0, 1): each wait is drawn from backoff × (1 ± jitter)
     * @param maxBackoff longest backoff wait
     * @param maxRetryAfter longest {@code Retry-After} hint honoured
     */
    public record Settings(int maxAttempts, Duration initialBackoff, double multiplier, double jitter,
            Duration maxBackoff, Duration maxRetryAfter) {
        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            if (initialBackoff.toMillis() < 1 || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("backoff must be at least 1 ms and maxBackoff >= initialBackoff");
            }
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
            }
            if (jitter < 0.0 || jitter >= 1.0) {
                throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
            }
            if (maxRetryAfter.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative");
            }
        }

        /** 6 attempts, 200 ms doubling to at most 20 s, ±50 % jitter, Retry-After honoured up to 60 s. */
        public static Settings defaults() {
            return new Settings(6, Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(20), Duration.ofSeconds(60));
        }
    }

    private final Settings settings;
    private final Retry retry;

    public RetryingTier(Tier delegate, Settings settings) {
        super(delegate);
        this.settings = Objects.requireNonNull(settings, "settings");
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                settings.multiplier(), settings.jitter(), settings.maxBackoff());
        long maxHintMillis = settings.maxRetryAfter().toMillis();
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            long wait = backoff.apply(attempt);
            if (outcome.isLeft() && outcome.getLeft() instanceof TierException t && t.retryAfter().isPresent()) {
                wait = Math.max(wait, Math.min(t.retryAfter().get().toMillis(), maxHintMillis));
            }
            return wait;
        };
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction(interval)
                // an open circuit breaker is not retried here: the caller pauses until it half-opens
                .retryOnException(e -> e instanceof TierException t && t.retryable()
                        && !(e instanceof dev.tierpack.core.error.TierUnavailableException))
                .build();
        this.retry = Retry.of("tier-" + delegate.name(), config);
        this.retry.getEventPublisher().onRetry(e -> log.debug("retrying tier request: tier={} attempt={} waitMs={} error={}",
                delegate.name(), e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis(),
                e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage()));
    }

    public Settings settings() {
        return settings;
    }

    /** The Resilience4j retry (metrics, events). */
    public Retry retry() {
        return retry;
    }

    @Override
    protected <T> T intercept(Request request, Supplier<T> send) {
        return retry.executeSupplier(send);
    }

    /**
     * A completion whose response was lost in transit may, when retried, find the upload gone (AWS answers
     * NoSuchUpload, S3Proxy NoSuchKey): the object is then looked up with one HEAD, and taken as complete when it
     * exists with the expected size.
     */
    @Override
    protected TierObject interceptCompletion(Request request, String uploadId, long size,
            Supplier<TierObject> complete) {
        String key = request.key();
        boolean[] lostResponse = {false};
        return intercept(request, () -> {
            try {
                return complete.get();
            } catch (TierException e) {
                if (lostResponse[0] && !e.retryable()) {
                    Optional<TierObject> done = delegate.stat(key);
                    if (done.isPresent() && done.get().size() == size) {
                        log.info("completion retried after a lost response; the object is complete:"
                                + " tier={} key={} uploadId={} code={}", name(), key, uploadId, e.code());
                        return done.get();
                    }
                }
                lostResponse[0] |= e.status() == TierException.NO_STATUS;
                throw e;
            }
        });
    }

    @Override
    public RestoreStatus restoreStatus(String key) {
        return retry.executeSupplier(() -> delegate.restoreStatus(key));
    }

    @Override
    public RestoreStart requestRestore(String key, dev.tierpack.core.cost.RestoreTier tier, int days) {
        return retry.executeSupplier(() -> delegate.requestRestore(key, tier, days));
    }

    @Override
    public InputStream read(String key) {
        Tier.requireKey(key);
        return new ResumingStream(key, 0, -1, retry.executeSupplier(() -> delegate.read(key)));
    }

    @Override
    public InputStream readRange(String key, long offset, long length) {
        Tier.requireKey(key);
        Tier.requireRange(key, offset, length);
        return new ResumingStream(key, offset, length,
                retry.executeSupplier(() -> delegate.readRange(key, offset, length)));
    }

    /** A read that reopens from where it broke. */
    private final class ResumingStream extends InputStream {
        private final String key;
        private final long start;
        private long length;
        private long position;
        private InputStream current;
        private boolean progressed;
        private Retry.Context<Object> context;
        private boolean closed;
        private final byte[] one = new byte[1];

        ResumingStream(String key, long start, long length, InputStream first) {
            this.key = key;
            this.start = start;
            this.length = length;
            this.current = first;
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed: tier=" + name() + " key=" + key);
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                try {
                    int n = current.read(b, off, len);
                    if (n > 0) {
                        position += n;
                        progressed = true;
                    }
                    return n;
                } catch (TierException e) {
                    if (!e.retryable()) {
                        throw e;
                    }
                    resume(e);
                }
            }
        }

        private void resume(TierException failure) {
            closeQuietly(current);
            current = InputStream.nullInputStream();
            if (context == null || progressed) {
                context = retry.context();
            }
            progressed = false;
            TierException last = failure;
            while (true) {
                context.onRuntimeError(last); // rethrows when the attempts are used up, else waits
                try {
                    if (length < 0) {
                        length = delegate.stat(key).map(TierObject::size)
                                .orElseThrow(() -> new TierObjectNotFoundException(null, name(), "get", key, 404, null));
                    }
                    long remaining = length - position;
                    if (remaining < 0) {
                        throw new TierException("object shrank while being read", null, name(), "get", key,
                                TierException.NO_STATUS, null, false, null);
                    }
                    log.debug("resuming read: tier={} key={} offset={} remaining={}", name(), key, start + position,
                            remaining);
                    current = remaining == 0 ? InputStream.nullInputStream()
                            : delegate.readRange(key, start + position, remaining);
                    return;
                } catch (TierException e) {
                    if (!e.retryable()) {
                        throw e;
                    }
                    last = e;
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closeQuietly(current);
            }
        }

        private static void closeQuietly(InputStream in) {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // dropping a broken response
            }
        }
    }
}
