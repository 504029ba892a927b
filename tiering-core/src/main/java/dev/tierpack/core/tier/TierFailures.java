package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierObjectNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Classifies tier failures as retryable or not, independently of the client library. */
final class TierFailures {
    /** Codes that accompany a 404 without meaning "this object does not exist". */
    private static final Set<String> NOT_AN_OBJECT_404 = Set.of("NoSuchBucket", "NoSuchUpload");

    private TierFailures() {}

    static boolean retryableStatus(int status, String code) {
        return dev.tierpack.core.s3.S3Failures.retryableStatus(status, code);
    }

    /**
     * Whether a failure without an HTTP response is a transport failure worth retrying: somewhere in
     * the cause chain an {@link IOException} (refused, reset, timed out, closed early), except TLS
     * handshake and certificate failures, which do not heal by themselves.
     */
    static boolean retryableTransport(Throwable t) {
        return dev.tierpack.core.s3.S3Failures.retryableTransport(t);
    }

    /** A failure after the server answered with {@code status} and {@code code}. */
    static TierException http(String tier, String op, String key, int status, String code, String retryAfter,
            Throwable cause) {
        if (status == 404 && (code == null || !NOT_AN_OBJECT_404.contains(code)) && key != null) {
            return new TierObjectNotFoundException(cause, tier, op, key, status, code);
        }
        if (status == 416 && code == null) {
            code = "InvalidRange";
        }
        return new TierException("tier request failed", cause, tier, op, key, status, code,
                retryableStatus(status, code), parseRetryAfter(retryAfter));
    }

    /** A failure without an HTTP response (connection, timeout, client-side). */
    static TierException transport(String tier, String op, String key, Throwable cause) {
        boolean retryable = retryableTransport(cause);
        TierException e = new TierException(retryable ? "tier transport failure" : "tier request failed", cause,
                tier, op, key, TierException.NO_STATUS, null, retryable, null);
        e.with("cause", describe(cause));
        return e;
    }

    /** Failure while reading a response body at {@code offset} bytes into the requested range. */
    static TierException broken(String tier, String op, String key, long offset, Throwable cause) {
        TierException e = transport(tier, op, key, cause);
        e.with("offset", offset);
        return e;
    }

    static TierException interrupted(String tier, String op, String key, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new TierException("interrupted", cause, tier, op, key, TierException.NO_STATUS, null, false, null);
    }

    /** A range read that the server answered with fewer bytes than asked: the range passes the end. */
    static TierException beyondEnd(String tier, String op, String key, long offset, long length, Long size) {
        TierException e = new TierException("range beyond end of object", null, tier, op, key, 416, "InvalidRange",
                false, null);
        e.with("offset", offset).with("length", length);
        if (size != null) {
            e.with("size", size);
        }
        return e;
    }

    static boolean isInterrupt(Throwable t) {
        return t instanceof InterruptedException || (t instanceof InterruptedIOException
                && !(t instanceof java.net.SocketTimeoutException) && Thread.currentThread().isInterrupted());
    }

    /** Retry-After as delta-seconds or an HTTP date; null if absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        return dev.tierpack.core.s3.S3Failures.parseRetryAfter(value);
    }

    /** An HTTP {@code Date} header as an instant, or now if absent or unreadable. */
    static Instant httpDate(String value) {
        if (value != null) {
            try {
                return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        return Instant.now();
    }

    /** Content-Range {@code bytes a-b/size} → size, or null. */
    static Long sizeFromContentRange(String contentRange) {
        return dev.tierpack.core.s3.S3Failures.sizeFromContentRange(contentRange);
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
