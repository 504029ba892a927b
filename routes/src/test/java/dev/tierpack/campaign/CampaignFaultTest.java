package dev.tierpack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.metrics.CampaignMetrics;
import dev.tierpack.campaign.metrics.MetricsServer;
import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.campaign.runtime.CampaignControl;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.runtime.ResilienceSettings;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.resilience.BreakerSettings;
import dev.tierpack.core.source.SourceCredentials;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.testing.FaultyS3Proxy;
import dev.tierpack.core.testing.FaultyS3Proxy.Fault;
import dev.tierpack.core.testing.FaultyS3Proxy.Request;
import dev.tierpack.core.tier.RetryingTier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.core.tier.Tiers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The fault bar of the campaign issue, on real services: the source is an S3 bucket behind a {@link FaultyS3Proxy}
 * that answers a storm of 503 SlowDown, the warm and cold tiers live on an embedded S3 server of their own, behind
 * a second proxy that throttles uploads, and that server is stopped mid-run and restarted. The campaign completes;
 * every store path is published and catalogued exactly once and reads back to its NarHash; retries and the warm
 * breaker's open/half-open/closed transitions show in the metrics (scraped over HTTP).
 */
class CampaignFaultTest {
    static final String NAME = "faults";
    static final int SOURCE_STORM = 12;
    static final int TIER_STORM = 12;

    @TempDir Path tmp;

    @Test
    void aSlowDownStormAndATierOutageAreSurvivedWithoutLossOrDuplicates() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        Path cache = tmp.resolve("cache");
        CampaignTestbed.generate(cache, 23, 24, 3, 0.02);
        List<Path> narinfos = CampaignTestbed.narinfos(cache);
        String srcBucket = NAME + "-src";
        bed.s3.createBucketIfMissing(srcBucket);
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                bed.s3.client().putObject(b -> b.bucket(srcBucket).key(cache.relativize(f).toString()),
                        RequestBody.fromFile(f));
            }
        }

        Path warmDir = tmp.resolve("warm-s3");
        EmbeddedS3 warmServer = EmbeddedS3.start(warmDir, 0);
        int warmPort = warmServer.port();
        warmServer.createBucketIfMissing(NAME + "-warm");
        warmServer.createBucketIfMissing(NAME + "-cold");
        try (FaultyS3Proxy sourceProxy = FaultyS3Proxy.start(bed.s3.endpoint());
                FaultyS3Proxy tierProxy = FaultyS3Proxy.start(warmServer.endpoint())) {
            SourceUri.S3 source = ((SourceUri.S3) SourceUri.parse("s3://" + srcBucket + "/?endpoint="
                    + URLEncoder.encode(sourceProxy.endpoint().toString(), StandardCharsets.UTF_8)))
                    .withCredentials(new SourceCredentials.Static(bed.s3.credentials()));
            TierCredentials creds = new TierCredentials.KeyFile(warmDir.resolve("credentials.properties"));
            RuntimeSettings settings = RuntimeSettings.defaults(NAME, new RuntimeSettings.SourceChoice.Uri(source),
                            tmp.resolve("state"))
                    .withKafka(bed.bootstrap())
                    .withTiers(new RuntimeSettings.TierChoice.Spec(new TierSpec.S3("warm", NAME + "-warm", null,
                                    "us-east-1", tierProxy.endpoint(), null, creds)),
                            new RuntimeSettings.TierChoice.Spec(new TierSpec.S3("cold", NAME + "-cold", null,
                                    "us-east-1", tierProxy.endpoint(), null, creds)))
                    .withListing(20, Duration.ofMillis(5), 4)
                    .withBatching(10, Duration.ofMillis(300))
                    .withPartitions(3)
                    .withPackSize(RuntimeSettings.MIN_PACK_SIZE)
                    .withResilience(ResilienceSettings.defaults()
                            .withRetry(new RetryingTier.Settings(4, Duration.ofMillis(5), 2.0, 0.5,
                                    Duration.ofMillis(100), Duration.ofSeconds(2)))
                            .withBreaker(new BreakerSettings(50, 10, 4, Duration.ofMillis(500), 2)));

            CampaignRuntime.Result result;
            try (CampaignRuntime runtime = CampaignRuntime.open(settings, BudgetHook.NONE);
                    MetricsServer server = MetricsServer.start("127.0.0.1:0", runtime.metrics())) {
                CampaignMetrics metrics = runtime.metrics();
                // the storm: source GETs (narinfos, NARs; the S3 client tries each 3 times itself) and warm uploads
                // answered 503 SlowDown
                sourceProxy.inject(Fault.slowDown(null), Request::isGet, SOURCE_STORM);
                tierProxy.inject(Fault.slowDown(null), r -> r.isPutObject() || r.isUploadPart(), TIER_STORM);
                CompletableFuture<CampaignRuntime.Result> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return runtime.run();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });

                // the outage: once some batches are committed, the warm/cold server goes away until the breaker opens
                awaitTrue("two batches committed", () -> runtime.snapshot().run().batches.get() >= 2 || run.isDone());
                assertThat(run).as("the campaign is still running when the outage begins").isNotDone();
                long publishedBefore = runtime.snapshot().run().published.get();
                warmServer.close();
                awaitTrue("warm breaker open", () -> breakerState(metrics, "warm", "open") == 1);
                assertThat(run).as("an open breaker pauses the campaign, it does not fail it").isNotDone();
                warmServer = EmbeddedS3.start(warmDir, warmPort);

                result = run.get(3, TimeUnit.MINUTES);
                assertThat(runtime.snapshot().run().published.get()).isGreaterThan(publishedBefore);

                String scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(scraped).contains("tierpack_retries_total{campaign=\"faults\",endpoint=\"source\"}")
                        .contains("tierpack_breaker_state{").contains("tierpack_kafka_lag{")
                        .contains("tierpack_requests_total{").contains("tierpack_cost_spent_usd{");
                assertThat(counter(metrics, "tierpack.retries", "endpoint", "source")).as("source retries").isPositive();
                assertThat(counter(metrics, "tierpack.requests", "endpoint", "source"))
                        .as("source requests, every attempt").isGreaterThan(SOURCE_STORM);
                assertThat(counter(metrics, "tierpack.retries", "endpoint", "warm")).as("warm retries").isPositive();
                assertThat(counter(metrics, "tierpack.breaker.transitions", "to", "open")).isPositive();
                assertThat(counter(metrics, "tierpack.breaker.transitions", "to", "half_open")).isPositive();
                assertThat(counter(metrics, "tierpack.breaker.transitions", "to", "closed")).isPositive();
                assertThat(breakerState(metrics, "warm", "closed")).isEqualTo(1);
                assertThat(counter(metrics, "tierpack.errors", "kind", "SlowDown")).isPositive();
                // end offsets include the transaction markers of the lister's commits: at most one per partition
                assertThat(metrics.registry().find("tierpack.kafka.lag").gauge().value()).isBetween(0.0, 3.0);
            }
            assertThat(result.ending().state()).as(result.ending().describe()).isEqualTo(CampaignControl.State.COMPLETE);
            assertThat(sourceProxy.requests(Request::faulted)).as("the whole source storm was met").hasSize(SOURCE_STORM);
            assertThat(tierProxy.requests(Request::faulted)).as("the whole upload storm was met").hasSize(TIER_STORM);

            List<ProgressEvent> events = bed.progressEvents(NAME);
            Map<String, Integer> published = CampaignTestbed.publishedCounts(events);
            assertThat(published).hasSize(narinfos.size());
            assertThat(published.values()).as("each store path published once").containsOnly(1);
            assertThat(result.report().storePaths()).isEqualTo(narinfos.size());
            try (Tier w = Tiers.open(new TierSpec.Embedded("warm", warmServer, NAME + "-warm"));
                    Tier c = Tiers.open(new TierSpec.Embedded("cold", warmServer, NAME + "-cold", "DEEP_ARCHIVE"))) {
                CampaignTestbed.assertCatalogued(tmp.resolve("state"), narinfos, w, c);
            }
        } finally {
            warmServer.close();
        }
    }

    private static double counter(CampaignMetrics m, String name, String tag, String value) {
        return m.registry().find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double breakerState(CampaignMetrics m, String endpoint, String state) {
        Gauge g = m.registry().find("tierpack.breaker.state").tag("endpoint", endpoint).tag("state", state).gauge();
        return g == null ? Double.NaN : g.value();
    }

    /** Polls {@code condition} every 10 ms until it holds, failing after a minute. */
    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting: " + what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
