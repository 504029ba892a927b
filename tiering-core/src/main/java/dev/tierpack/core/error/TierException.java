package dev.tierpack.core.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to a storage tier (warm MinIO, cold S3) failed. The message names the tier, the
 * operation and the key, plus the HTTP status and S3 error code when the server answered:
 *
 * <pre>tier request failed: tier=warm op=uploadPart key=packs/ab/ab12….pack status=503 code=SlowDown</pre>
 *
 * {@link #retryable()} says whether the same request may succeed if sent again: throttling
 * (503 SlowDown, 429), server errors (500, 502, 503, 504), request timeouts and transport failures
 * (connection refused or reset, timeouts, a body cut short) are; access denied, a missing object,
 * a bad digest or any other client error are not. {@link #retryAfter()} carries the server's
 * {@code Retry-After} hint when it sent one.
 */
public class TierException extends TierpackException {
    /** Status value used when no HTTP response was received (transport failure). */
    public static final int NO_STATUS = 0;

    private final String tier;
    private final String op;
    private final String key;
    private final int status;
    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;

    /**
     * @param tier the tier's name ({@code warm}, {@code cold}, …)
     * @param op the operation ({@code get}, {@code uploadPart}, …)
     * @param key the object key, or null for operations on no single key (a listing)
     * @param status the HTTP status, or {@link #NO_STATUS}
     * @param code the S3 error code ({@code SlowDown}, {@code AccessDenied}, …), or null
     * @param retryAfter the server's Retry-After hint, or null
     */
    public TierException(String what, Throwable cause, String tier, String op, String key, int status, String code,
            boolean retryable, Duration retryAfter) {
        super(what, cause);
        this.tier = Objects.requireNonNull(tier, "tier");
        this.op = Objects.requireNonNull(op, "op");
        this.key = key;
        this.status = status;
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        with("tier", tier);
        with("op", op);
        if (key != null) {
            with("key", key);
        }
        if (status != NO_STATUS) {
            with("status", status);
        }
        if (code != null) {
            with("code", code);
        }
        with("retryable", retryable);
        if (retryAfter != null) {
            with("retryAfterMs", retryAfter.toMillis());
        }
    }

    public String tier() {
        return tier;
    }

    public String op() {
        return op;
    }

    /** The object key, or null for a listing. */
    public String key() {
        return key;
    }

    /** The HTTP status, or {@link #NO_STATUS} if no response was received. */
    public int status() {
        return status;
    }

    /** The S3 error code, or null. */
    public String code() {
        return code;
    }

    /** Whether sending the same request again may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The server's {@code Retry-After} hint. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
