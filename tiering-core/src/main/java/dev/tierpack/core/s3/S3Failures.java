package dev.tierpack.core.s3;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Which S3 failures are worth retrying, shared by the tiers and the source: throttling (503 SlowDown, 429,
 * Throttling…), server errors (500 InternalError, 502, 503, 504), request timeouts and transport failures
 * (connection refused or reset, timeouts, a body cut short) are; access denied, a missing object or bucket, a bad
 * digest or any other client error are not. {@link #parseRetryAfter} reads the server's {@code Retry-After} hint.
 */
public final class S3Failures {
    /** S3 error codes that mean "try again later". */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests",
            "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
            "PriorRequestNotComplete", "OperationAborted");

    private S3Failures() {}

    /** Whether a request the server answered with {@code status} and error {@code code} (or null) may succeed again. */
    public static boolean retryableStatus(int status, String code) {
        if (code != null && RETRYABLE_CODES.contains(code)) {
            return true;
        }
        return status == 500 || status == 502 || status == 503 || status == 504 || status == 429 || status == 408;
    }

    /**
     * Whether a failure without an HTTP response is a transport failure worth retrying: somewhere in the cause chain
     * an {@link IOException} (refused, reset, timed out, closed early), except TLS handshake and certificate
     * failures, which do not heal by themselves.
     */
    public static boolean retryableTransport(Throwable t) {
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

    /**
     * Whether an AWS SDK failure somewhere in {@code t}'s cause chain is worth retrying: a service error with a
     * retryable status or code, or a client-side transport failure. Failures that do not come from the SDK are not.
     */
    public static boolean retryableSdk(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SdkServiceException s) {
                String code = s instanceof AwsServiceException a && a.awsErrorDetails() != null
                        ? a.awsErrorDetails().errorCode() : null;
                return retryableStatus(s.statusCode(), code);
            }
            if (c instanceof SdkClientException) {
                return retryableTransport(c);
            }
        }
        return false;
    }

    /** The {@code Retry-After} hint of an AWS service error in {@code t}'s cause chain. */
    public static Optional<Duration> retryAfter(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AwsServiceException a && a.awsErrorDetails() != null
                    && a.awsErrorDetails().sdkHttpResponse() != null) {
                return Optional.ofNullable(parseRetryAfter(
                        a.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").orElse(null)));
            }
        }
        return Optional.empty();
    }

    /** Retry-After as delta-seconds or an HTTP date (a past date is zero); null if absent or unreadable. */
    public static Duration parseRetryAfter(String value) {
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

    /** The object size in a {@code Content-Range} header ({@code bytes 0-99/1234} → 1234), or null if it has none. */
    public static Long sizeFromContentRange(String contentRange) {
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
}
