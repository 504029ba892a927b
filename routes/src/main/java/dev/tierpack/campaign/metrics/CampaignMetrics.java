package dev.tierpack.campaign.metrics;

import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.campaign.worker.RunStats;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.error.TierException;
import dev.tierpack.core.source.ResilientSource;
import dev.tierpack.core.tier.CircuitBreakerTier;
import dev.tierpack.core.tier.RateLimitedTier;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.core.tier.RequestListener;
import dev.tierpack.core.tier.RetryingTier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.Tiers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The campaign's metrics in one Micrometer registry with Prometheus exposition ({@link #scrape}, served by
 * {@link MetricsServer}). Every meter carries the tag {@code campaign}. Names as Prometheus shows them:
 *
 * <ul>
 *   <li>{@code tierpack_source_objects_total}, {@code tierpack_source_bytes_total}: objects and bytes listed;
 *   <li>{@code tierpack_store_paths_total{state=published|quarantined|skipped}}, {@code tierpack_nar_bytes_total};
 *   <li>{@code tierpack_chunks_total{result=new|dedup}}, {@code tierpack_packs_sealed_total},
 *       {@code tierpack_pack_bytes_total}, {@code tierpack_batches_total{result=committed|failed}};
 *   <li>{@code tierpack_requests_total{endpoint,kind}}, {@code tierpack_request_bytes_total{endpoint,kind}}: every
 *       request sent to a tier or the source (each attempt; source bytes are counted by
 *       {@code tierpack_source_read_bytes_total});
 *   <li>{@code tierpack_errors_total{endpoint,kind}}: failed attempts by S3 error code, HTTP status or
 *       {@code transport}, and calls refused by an open breaker ({@code CircuitOpen});
 *   <li>{@code tierpack_retries_total{endpoint}}; {@code tierpack_breaker_state{endpoint,state}} (1 for the
 *       breaker's current state, else 0); {@code tierpack_breaker_transitions_total{endpoint,to}};
 *       {@code tierpack_ratelimiter_waits_total{limiter}};
 *   <li>{@code tierpack_kafka_lag}: work records not yet committed by the worker group;
 *   <li>{@code tierpack_cost_spent_usd} and {@code tierpack_budget_remaining_usd}: fed by the cost meter and budget
 *       ({@link #bindCostMeter}, {@link #bindBudgetRemaining}); NaN until bound.
 * </ul>
 */
public final class CampaignMetrics implements RequestListener {
    private final String campaign;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<DoubleSupplier> spent = new AtomicReference<>(() -> Double.NaN);
    private final AtomicReference<DoubleSupplier> remaining = new AtomicReference<>(() -> Double.NaN);
    private final AtomicReference<DoubleSupplier> lag = new AtomicReference<>(() -> Double.NaN);

    public CampaignMetrics(String campaign) {
        this.campaign = Objects.requireNonNull(campaign, "campaign");
        registry.config().commonTags("campaign", campaign);
        Gauge.builder("tierpack.cost.spent.usd", spent, s -> s.get().getAsDouble())
                .description("dollars spent by the campaign (priced requests, egress, storage)").register(registry);
        Gauge.builder("tierpack.budget.remaining.usd", remaining, s -> s.get().getAsDouble())
                .description("budget left this month").register(registry);
        Gauge.builder("tierpack.kafka.lag", lag, s -> s.get().getAsDouble())
                .description("work records not yet committed by the worker group").register(registry);
    }

    public String campaign() {
        return campaign;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Feeds {@code tierpack_cost_spent_usd} (for the cost meter). */
    public void bindCostMeter(DoubleSupplier spentUsd) {
        spent.set(Objects.requireNonNull(spentUsd, "spentUsd"));
    }

    /** Feeds {@code tierpack_budget_remaining_usd} (for the budget gate). */
    public void bindBudgetRemaining(DoubleSupplier remainingUsd) {
        remaining.set(Objects.requireNonNull(remainingUsd, "remainingUsd"));
    }

    /** Feeds {@code tierpack_kafka_lag}. */
    public void bindKafkaLag(DoubleSupplier records) {
        lag.set(Objects.requireNonNull(records, "records"));
    }

    /** Objects and bytes listed so far. */
    public void bindListing(Supplier<ListerCheckpoint> listing) {
        FunctionCounter.builder("tierpack.source.objects", listing, l -> l.get().objects())
                .description("source objects listed").register(registry);
        FunctionCounter.builder("tierpack.source.bytes", listing, l -> l.get().bytes())
                .description("bytes of the source objects listed").register(registry);
    }

    /** What the worker did in this run. */
    public void bindRun(RunStats s) {
        counter("tierpack.store.paths", Tags.of("state", "published"), s, r -> r.published.get());
        counter("tierpack.store.paths", Tags.of("state", "quarantined"), s, r -> r.quarantined.get());
        counter("tierpack.store.paths", Tags.of("state", "skipped"), s, r -> r.skipped.get());
        counter("tierpack.nar.bytes", Tags.empty(), s, r -> r.narBytes.get());
        counter("tierpack.source.read.bytes", Tags.empty(), s, r -> r.sourceBytes.get());
        counter("tierpack.chunks", Tags.of("result", "new"), s, r -> r.newChunks.get());
        counter("tierpack.chunks", Tags.of("result", "dedup"), s, r -> r.chunks.get() - r.newChunks.get());
        counter("tierpack.packs.sealed", Tags.empty(), s, r -> r.packs.get() + r.manifestPacks.get());
        counter("tierpack.pack.bytes", Tags.empty(), s, r -> r.packBytes.get() + r.manifestBytes.get());
        counter("tierpack.batches", Tags.of("result", "committed"), s, r -> r.batches.get());
        counter("tierpack.batches", Tags.of("result", "failed"), s, r -> r.failedBatches.get());
    }

    private <T> void counter(String name, Tags tags, T obj, ToLongFunction<T> f) {
        FunctionCounter.builder(name, obj, o -> f.applyAsLong(o)).tags(tags).register(registry);
    }

    /** Every request a metered tier sends ({@link RequestListener}). */
    @Override
    public void onRequest(String tier, RequestKind kind, long bytes) {
        Tags tags = Tags.of("endpoint", tier, "kind", kind.name());
        registry.counter("tierpack.requests", tags).increment();
        if (bytes > 0) {
            registry.counter("tierpack.request.bytes", tags).increment(bytes);
        }
    }

    /** The retry, breaker and rate limiter of a tier built by {@link Tiers#resilient}. */
    public void bindTier(Tier tier) {
        String endpoint = tier.name();
        Tiers.find(tier, RetryingTier.class).ifPresent(r -> bindRetry(endpoint, r.retry()));
        Tiers.find(tier, CircuitBreakerTier.class).ifPresent(b -> bindBreaker(endpoint, b.breaker()));
        Tiers.find(tier, RateLimitedTier.class).ifPresent(l ->
                FunctionCounter.builder("tierpack.ratelimiter.waits", l, RateLimitedTier::waits)
                        .tags("limiter", endpoint).register(registry));
    }

    /** The retry, breaker and limiters of the source. */
    public void bindSource(ResilientSource source) {
        source.onRequest(this);
        bindRetry("source", source.retry());
        bindBreaker("source", source.breaker());
        FunctionCounter.builder("tierpack.ratelimiter.waits", source, ResilientSource::requestWaits)
                .tags("limiter", "source-requests").register(registry);
        source.bandwidthLimiter().ifPresent(b ->
                FunctionCounter.builder("tierpack.ratelimiter.waits", b, x -> x.waits())
                        .tags("limiter", "source-bytes").register(registry));
    }

    private void bindRetry(String endpoint, Retry retry) {
        Counter retries = Counter.builder("tierpack.retries").tags("endpoint", endpoint)
                .description("requests sent again after a retryable failure").register(registry);
        retry.getEventPublisher().onRetry(e -> retries.increment());
    }

    private void bindBreaker(String endpoint, CircuitBreaker breaker) {
        for (CircuitBreaker.State state : new CircuitBreaker.State[] {
                CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN}) {
            Gauge.builder("tierpack.breaker.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .tags("endpoint", endpoint, "state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        breaker.getEventPublisher()
                .onStateTransition(e -> registry.counter("tierpack.breaker.transitions", "endpoint", endpoint, "to",
                        e.getStateTransition().getToState().name().toLowerCase(java.util.Locale.ROOT)).increment())
                .onError(e -> registry.counter("tierpack.errors", "endpoint", endpoint, "kind",
                        errorKind(e.getThrowable())).increment())
                .onCallNotPermitted(e -> registry.counter("tierpack.errors", "endpoint", endpoint, "kind",
                        "CircuitOpen").increment());
    }

    /** An S3 error code, else the HTTP status, else {@code transport}. */
    static String errorKind(Throwable t) {
        if (t instanceof TierException e) {
            return e.code() != null ? e.code() : e.status() != TierException.NO_STATUS ? "" + e.status() : "transport";
        }
        if (t instanceof SourceException e) {
            Object code = e.get("code");
            Object status = e.get("status");
            return code != null ? code.toString() : status != null ? status.toString() : "transport";
        }
        return t.getClass().getSimpleName();
    }
}
