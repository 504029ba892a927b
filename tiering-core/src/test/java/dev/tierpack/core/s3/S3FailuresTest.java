package dev.tierpack.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Retry-After parsing and the classification of AWS SDK failures (used by the resilient source). */
class S3FailuresTest {

    private static S3Exception s3(int status, String code, String retryAfter) {
        SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(status);
        if (retryAfter != null) {
            http.putHeader("Retry-After", retryAfter);
        }
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).sdkHttpResponse(http.build()).build())
                .message(code).build();
    }

    @Test
    void retryAfterAsSecondsOrHttpDate() {
        assertThat(S3Failures.parseRetryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(S3Failures.parseRetryAfter(" 0 ")).isEqualTo(Duration.ZERO);
        String inAMinute = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(S3Failures.parseRetryAfter(inAMinute)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
        String past = ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(S3Failures.parseRetryAfter(past)).isEqualTo(Duration.ZERO);
        assertThat(S3Failures.parseRetryAfter("-3")).isNull();
        assertThat(S3Failures.parseRetryAfter("soon")).isNull();
        assertThat(S3Failures.parseRetryAfter("")).isNull();
        assertThat(S3Failures.parseRetryAfter(null)).isNull();
    }

    @Test
    void retryAfterIsReadFromTheServiceErrorInTheCauseChain() {
        RuntimeException wrapped = new RuntimeException("cannot read", s3(503, "SlowDown", "3"));
        assertThat(S3Failures.retryAfter(wrapped)).contains(Duration.ofSeconds(3));
        assertThat(S3Failures.retryAfter(s3(503, "SlowDown", null))).isEmpty();
        assertThat(S3Failures.retryAfter(new IOException("reset"))).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> retryable={2}")
    @CsvSource({
        "503, SlowDown, true", "500, InternalError, true", "503, ServiceUnavailable, true", "429, TooManyRequests, true",
        "400, RequestTimeout, true", "403, AccessDenied, false", "404, NoSuchBucket, false", "400, BadDigest, false",
    })
    void serviceErrors(int status, String code, boolean retryable) {
        assertThat(S3Failures.retryableSdk(new RuntimeException(s3(status, code, null)))).isEqualTo(retryable);
    }

    @Test
    void transportFailuresOfTheSdkAreRetryableButTlsAndNonSdkFailuresAreNot() {
        assertThat(S3Failures.retryableSdk(SdkClientException.create("io", new SocketException("Connection reset"))))
                .isTrue();
        assertThat(S3Failures.retryableSdk(SdkClientException.create("tls", new SSLHandshakeException("bad cert"))))
                .isFalse();
        assertThat(S3Failures.retryableSdk(new IOException("local disk"))).as("a local I/O error is no S3 failure")
                .isFalse();
        assertThat(S3Failures.retryableTransport(new RuntimeException(new SocketException("reset")))).isTrue();
    }
}
