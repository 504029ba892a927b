package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierObjectNotFoundException;
import dev.tierpack.core.error.TierpackException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which failures are worth retrying, and what a {@link TierException} says. */
class TierFailuresTest {

    @ParameterizedTest(name = "{0} {1} -> retryable={2}")
    @CsvSource(nullValues = "-", value = {
        "503, SlowDown, true", "503, -, true", "500, InternalError, true", "502, -, true", "504, -, true",
        "429, -, true", "400, RequestTimeout, true", "200, InternalError, true", "409, OperationAborted, true",
        "403, AccessDenied, false", "403, SignatureDoesNotMatch, false", "400, BadDigest, false",
        "400, InvalidPart, false", "404, NoSuchUpload, false", "416, InvalidRange, false", "409, -, false",
    })
    void statusAndCode(int status, String code, boolean retryable) {
        TierException e = TierFailures.http("warm", "get", "k", status, code, null, null);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.status()).isEqualTo(status);
    }

    @Test
    void a404OnAnObjectIsNotFoundButAMissingBucketIsNot() {
        assertThat(TierFailures.http("cold", "get", "k", 404, "NoSuchKey", null, null))
                .isInstanceOf(TierObjectNotFoundException.class);
        assertThat(TierFailures.http("cold", "head", "k", 404, null, null, null))
                .isInstanceOf(TierObjectNotFoundException.class);
        TierException bucket = TierFailures.http("cold", "get", "k", 404, "NoSuchBucket", null, null);
        assertThat(bucket).isNotInstanceOf(TierObjectNotFoundException.class);
        assertThat(bucket.retryable()).isFalse();
        assertThat(TierFailures.http("cold", "list", null, 404, null, null, null))
                .as("a listing names no object").isNotInstanceOf(TierObjectNotFoundException.class);
    }

    @Test
    void transportFailuresAreRetryableButTlsFailuresAreNot() {
        assertThat(TierFailures.transport("w", "get", "k", new RuntimeException(new ConnectException("refused"))).retryable()).isTrue();
        assertThat(TierFailures.transport("w", "get", "k", new SocketException("Connection reset")).retryable()).isTrue();
        assertThat(TierFailures.transport("w", "get", "k", new SocketTimeoutException("read timed out")).retryable()).isTrue();
        assertThat(TierFailures.transport("w", "get", "k", new UncheckedIOException(new EOFException())).retryable()).isTrue();
        assertThat(TierFailures.transport("w", "get", "k", new RuntimeException(new SSLHandshakeException("bad cert"))).retryable()).isFalse();
        assertThat(TierFailures.transport("w", "get", "k", new IllegalArgumentException("bad request")).retryable()).isFalse();
        TierException broken = TierFailures.broken("w", "get", "k", 4096, new IOException("Premature end"));
        assertThat(broken.getMessage()).contains("offset=4096", "cause=\"IOException: Premature end\"", "retryable=true");
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(TierFailures.parseRetryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(TierFailures.parseRetryAfter(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(TierFailures.parseRetryAfter("-1")).isNull();
        assertThat(TierFailures.parseRetryAfter("soon")).isNull();
        assertThat(TierFailures.parseRetryAfter(null)).isNull();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        assertThat(TierFailures.parseRetryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        TierException e = TierFailures.http("cold", "uploadPart", "k", 503, "SlowDown", "2", null);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(e.getMessage()).contains("retryAfterMs=2000");
    }

    @Test
    void messageCarriesTierOpKeyStatusAndCode() {
        TierException e = TierFailures.http("cold", "uploadPart", "packs/ab/ab12.pack", 503, "SlowDown", null, null);
        assertThat(e).isInstanceOf(TierpackException.class);
        assertThat(e.getMessage()).isEqualTo(
                "tier request failed: tier=cold op=uploadPart key=packs/ab/ab12.pack status=503 code=SlowDown retryable=true");
        assertThat(e.get("tier")).isEqualTo("cold");
    }
}
