package dev.tierpack.kafka;

import dev.tierpack.core.error.TierpackException;
import java.util.concurrent.ExecutionException;

/** What to throw when waiting for a Kafka client's future failed (admin requests: topics, offsets, groups). */
public final class KafkaFailure {
    private KafkaFailure() {}

    /**
     * For an {@link ExecutionException}: {@code <doing> failed}, caused by (and with {@code cause=}) what failed the
     * request; for an {@link InterruptedException}: {@code interrupted while <doing>}, with the thread's interrupt
     * status set again. Both with {@code keyValues} as context.
     *
     * @param doing what was waited for, e.g. {@code describing a topic}
     */
    public static TierpackException of(String doing, Exception e, Object... keyValues) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new TierpackException("interrupted while " + doing, e, keyValues);
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return new TierpackException(doing + " failed", cause, keyValues).with("cause", String.valueOf(cause));
    }
}
