package dev.tierpack.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.error.SourceUnavailableException;
import dev.tierpack.core.resilience.BreakerSettings;
import dev.tierpack.core.resilience.BulkheadSettings;
import dev.tierpack.core.testing.FaultyS3Proxy;
import dev.tierpack.core.testing.FaultyS3Proxy.Fault;
import dev.tierpack.core.testing.FaultyS3Proxy.Request;
import dev.tierpack.core.tier.RequestCounter;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.core.tier.RetryingTier;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@link ResilientSource} over an {@link S3Source} whose traffic passes a {@link FaultyS3Proxy} in front of the
 * embedded server. The S3 client makes up to 3 attempts of its own, so faults are injected in runs longer than that.
 */
class ResilientSourceTest {
    static final String BUCKET = "resilient-source";
    static final RetryingTier.Settings FAST =
            new RetryingTier.Settings(4, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(5), Duration.ofSeconds(5));
    static final byte[] BIG = new byte[256 * 1024];

    @TempDir
    static Path dir;

    static EmbeddedS3 server;
    static FaultyS3Proxy proxy;

    ResilientSource source;
    final RequestCounter counter = new RequestCounter();
    final List<Long> retryWaitsMs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        server = EmbeddedS3.start(dir, 0);
        server.createBucketIfMissing(BUCKET);
        new Random(7).nextBytes(BIG);
        server.client().putObject(b -> b.bucket(BUCKET).key("nar/big.nar"), RequestBody.fromBytes(BIG));
        for (String k : List.of("a.narinfo", "b.narinfo", "c.narinfo", "d.narinfo", "e.narinfo")) {
            server.client().putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromString("content of " + k));
        }
        proxy = FaultyS3Proxy.start(server.endpoint());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        proxy.restore();
        proxy.clearFaults();
        proxy.clearLog();
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private ResilientSource open(BreakerSettings breaker, long bytesPerSecond) {
        String uri = "s3://" + BUCKET + "/?page-size=2&endpoint="
                + URLEncoder.encode(proxy.endpoint().toString(), StandardCharsets.UTF_8);
        S3Source s3 = new S3Source(((SourceUri.S3) SourceUri.parse(uri))
                .withCredentials(new SourceCredentials.Static(server.credentials())));
        source = new ResilientSource(s3, new ResilientSource.Settings(FAST, breaker,
                new BulkheadSettings(4, Duration.ofSeconds(5)), 0, bytesPerSecond, Duration.ofSeconds(30)));
        source.onRequest(counter);
        source.retry().getEventPublisher().onRetry(e -> retryWaitsMs.add(e.getWaitInterval().toMillis()));
        return source;
    }

    private ResilientSource open() {
        return open(new BreakerSettings(50, 50, 50, Duration.ofSeconds(30), 1), 0);
    }

    @Test
    void aSlowDownStormIsRetriedHonouringRetryAfter() throws IOException {
        ResilientSource s = open();
        // 3 for the client's own attempts, one more for ours
        proxy.inject(Fault.slowDown(1), r -> r.isGet() && r.path().endsWith("/a.narinfo"), 4);
        try (InputStream in = s.open("a.narinfo")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("content of a.narinfo");
        }
        assertThat(proxy.requests(Request::faulted)).hasSize(4);
        assertThat(counter.requests(RequestKind.GET)).as("our attempts (each of up to 3 client attempts)")
                .isEqualTo(2);
        assertThat(retryWaitsMs).hasSizeGreaterThanOrEqualTo(1);
        assertThat(retryWaitsMs.getFirst()).as("Retry-After: 1 outweighs the 1 ms backoff").isGreaterThanOrEqualTo(1000);
        assertThat(s.retry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
    }

    @Test
    void aReadBrokenMidBodyResumesWhereItBroke() throws IOException {
        ResilientSource s = open();
        proxy.inject(Fault.resetResponseAfter(100_000), r -> r.isGet() && r.path().endsWith("/nar/big.nar"), 1);
        try (InputStream in = s.open("nar/big.nar")) {
            assertThat(in.readAllBytes()).isEqualTo(BIG);
        }
        List<Request> gets = proxy.requests(r -> r.isGet() && r.path().endsWith("/nar/big.nar"));
        assertThat(gets).hasSizeGreaterThanOrEqualTo(2);
        String range = gets.getLast().header("range");
        assertThat(range).startsWith("bytes=").endsWith("-" + (BIG.length - 1));
        assertThat(Long.parseLong(range.substring(6, range.indexOf('-')))).isPositive();
    }

    @Test
    void aListingThatFailsResumesAfterTheLastKeyItYielded() {
        ResilientSource s = open();
        proxy.inject(Fault.status(500, "InternalError"), r -> r.isList() && r.query().contains("continuation-token"), 3);
        List<String> keys = new ArrayList<>();
        s.list(null).forEachRemaining(o -> keys.add(o.key()));
        assertThat(keys).containsExactly("a.narinfo", "b.narinfo", "c.narinfo", "d.narinfo", "e.narinfo",
                "nar/big.nar");
        assertThat(proxy.requests(Request::faulted)).hasSize(3);
    }

    @Test
    void aMissingObjectIsNotRetried() {
        ResilientSource s = open();
        assertThatThrownBy(() -> s.open("nope.narinfo")).isInstanceOf(SourceObjectNotFoundException.class);
        assertThat(proxy.requests(Request::isGet)).hasSize(1);
        assertThat(retryWaitsMs).isEmpty();
    }

    @Test
    void anOutageOpensTheSourceBreaker() {
        ResilientSource s = open(new BreakerSettings(50, 2, 2, Duration.ofSeconds(30), 1), 0);
        proxy.outage();
        assertThatThrownBy(() -> s.head("a.narinfo")).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("breaker=source");
        assertThat(s.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(s.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void readsAreHeldToTheBandwidthLimit() throws IOException {
        ResilientSource s = open(new BreakerSettings(50, 50, 50, Duration.ofSeconds(30), 1), 512 * 1024);
        long start = System.nanoTime();
        try (InputStream in = s.open("nar/big.nar")) {
            assertThat(in.readAllBytes()).isEqualTo(BIG);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 256 KiB at 512 KiB/s: half a second (less the first 10 ms period's permits)
        assertThat(seconds).isGreaterThan(0.4);
        assertThat(s.bandwidthLimiter().orElseThrow().waits()).isPositive();
    }
}
