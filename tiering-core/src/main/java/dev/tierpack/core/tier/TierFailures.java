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
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Classifies tier failures as retryable or not, independently of the client library. */
final class TierFailures {
    /** S3 error codes that mean "try again later". */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests",
            "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
            "PriorRequestNotComplete", "OperationAborted");

    /** Codes that accompany a 404 without meaning "this object does not exist". */
    private static final Set<String> NOT_AN_OBJECT_404 = Set.of("NoSuchBucket", "NoSuchUpload");

    private TierFailures() {}

    static boolean retryableStatus(int status, String code) {
        if (code != null && RETRYABLE_CODES.contains(code)) {
            return true;
        }
        return status == 500 || status == 502 || status == 503 || status == 504 || status == 429 || status == 408;
    }

    /**
     * Whether a failure without an HTTP response is a transport failure worth retrying: somewhere in
     * the cause chain an {@link IOException} (refused, reset, timed out, closed early), except TLS
     * handshake and certificate failures, which do not heal by themselves.
     */
    static boolean retryableTransport(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLHandshakeException || c instanceof SSLPeerUnverifiedException) {
                return false;
            }
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
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
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
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
        if (contentRange == null) {
            return null;
        }
        int slash = contentRange.lastIndexOf('/');
        try {
            return slash < 0 ? null : Long.parseLong(contentRange.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return null;
        }
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
