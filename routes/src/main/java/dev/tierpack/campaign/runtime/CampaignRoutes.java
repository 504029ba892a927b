package dev.tierpack.campaign.runtime;

import dev.tierpack.campaign.lister.Lister;
import dev.tierpack.campaign.lister.LocalPages;
import dev.tierpack.campaign.lister.S3Pages;
import dev.tierpack.campaign.worker.BatchWorker;
import dev.tierpack.core.error.SourceUnavailableException;
import dev.tierpack.core.error.TierUnavailableException;
import java.time.Duration;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaign's Camel routes. They wire; the beans compute.
 *
 * <ul>
 *   <li>{@value #LISTER}: a timer; each tick lists one page after the checkpoint — through the {@code aws2-s3}
 *       endpoint with {@code operation=listObjects} for an S3 source (never the {@code aws2-s3} consumer, which
 *       GETs every object and lists forever), through {@link LocalPages} otherwise — and commits its work records
 *       with the checkpoint ({@link Lister#commitPage}). When the listing is complete the route stops itself.
 *   <li>{@value #WORKER}: a timer; each tick runs one batch ({@link BatchWorker#runBatch}) and reports the end of
 *       the work, a budget pause or a stop to {@link CampaignControl}.
 * </ul>
 *
 * Both timers are synchronous and single-threaded, so each bean is only ever called by one thread. Failures are
 * retried with exponential backoff (each retry re-runs the failed step; the beans rewind to committed state before
 * throwing); when retries are exhausted, or on a {@link FatalCampaignException}, the run fails. A failed run is
 * safe to rerun.
 */
public final class CampaignRoutes extends RouteBuilder {
    public static final String LISTER = "lister";
    public static final String WORKER = "worker";
    /** Registry name of the source's S3 client, used by the {@code aws2-s3} endpoint. */
    public static final String SOURCE_CLIENT = "tierpackSourceS3";

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRoutes.class);

    /** Where listing pages come from. */
    public sealed interface Pages {
        record Local(LocalPages pages) implements Pages {}

        /** An S3 bucket listed through the {@code aws2-s3} endpoint with the client bound as {@link #SOURCE_CLIENT}. */
        record S3(S3Pages pages) implements Pages {}
    }

    /**
     * Retry policy of both routes.
     *
     * @param maxRedeliveries retries of a failed step before the run fails
     * @param initialDelay    first retry delay, doubled up to {@code maxDelay}
     */
    public record Retries(int maxRedeliveries, Duration initialDelay, Duration maxDelay) {
        public static final Retries DEFAULT = new Retries(8, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    private final Lister lister;
    private final Pages pages;
    private final BatchWorker worker;
    private final CampaignControl control;
    private final Duration listInterval;
    private final Retries retries;
    private final BreakerGate breakers;

    public CampaignRoutes(Lister lister, Pages pages, BatchWorker worker, CampaignControl control, Duration listInterval,
            Retries retries) {
        this(lister, pages, worker, control, listInterval, retries, BreakerGate.NONE);
    }

    /**
     * @param lister   the lister, or null in a worker-only process ({@code campaign worker})
     * @param worker   the worker, or null in a lister-only process ({@code campaign list})
     * @param breakers the circuit breakers of the source and the tiers: a step that failed because one of them is
     *                 open waits until it half-opens and is redone, without limit and without spending
     *                 {@code retries} (an unavailable endpoint pauses the campaign, it does not fail it)
     */
    public CampaignRoutes(Lister lister, Pages pages, BatchWorker worker, CampaignControl control, Duration listInterval,
            Retries retries, BreakerGate breakers) {
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        if (lister == null && worker == null) {
            throw new IllegalArgumentException("routes need a lister, a worker or both");
        }
        this.lister = lister; // null: a worker-only process (campaign worker)
        this.pages = lister == null ? pages : Objects.requireNonNull(pages, "pages");
        this.worker = worker; // null: a lister-only process (campaign list), complete when the listing is
        this.control = Objects.requireNonNull(control, "control");
        this.listInterval = Objects.requireNonNull(listInterval, "listInterval");
        this.retries = Objects.requireNonNull(retries, "retries");
    }

    @Override
    public void configure() {
        onException(FatalCampaignException.class)
                .handled(true)
                .process(this::fail);
        onException(TierUnavailableException.class, SourceUnavailableException.class)
                .maximumRedeliveries(-1)
                .redeliveryDelay(retries.initialDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .onRedelivery(e -> breakers.await(control::ended, retries.maxDelay()))
                .handled(true)
                .process(this::fail);
        onException(Exception.class)
                .maximumRedeliveries(retries.maxRedeliveries())
                .redeliveryDelay(retries.initialDelay().toMillis())
                .useExponentialBackOff().backOffMultiplier(2)
                .maximumRedeliveryDelay(retries.maxDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logExhausted(true)
                .handled(true)
                .process(this::fail);

        if (lister != null) {
            listerRoute();
        }
        if (worker != null) {
            workerRoute();
        }
    }

    private void listerRoute() {
        RouteDefinition listing = from("timer:tierpack-lister?delay=0&synchronous=true&period=" + listInterval.toMillis())
                .routeId(LISTER);
        listing.filter(method(lister, "isComplete"))
                .process(this::listingDone)
                .process(stopRoute(LISTER))
                .stop()
                .end()
                .bean(lister, "nextRequest")
                .setProperty("pageRequest", body());
        switch (pages) {
            case Pages.S3 s3 -> listing
                    .bean(s3.pages(), "request")
                    .to("aws2-s3://" + s3.pages().source().bucket()
                            + "?operation=listObjects&pojoRequest=true&autoCreateBucket=false&amazonS3Client=#" + SOURCE_CLIENT)
                    .bean(s3.pages(), "objects");
            case Pages.Local local -> listing.bean(local.pages(), "list");
        }
        listing.bean(lister, "commitPage")
                .filter(method(lister, "isPaused"))
                    .process(e -> control.pause(lister.pauseReason()))
                    .process(stopRoute(LISTER))
                    .stop()
                .end()
                .filter(simple("${body.complete}"))
                .process(this::listingDone)
                .process(stopRoute(LISTER))
                .end();
    }

    /** A lister-only process is done when the listing is; otherwise the worker decides. */
    private void listingDone(Exchange e) {
        if (worker == null) {
            control.complete();
        }
    }

    private void workerRoute() {
        from("timer:tierpack-worker?delay=0&synchronous=true&period=1")
                .routeId(WORKER)
                .bean(worker, "runBatch")
                .choice()
                    .when(body().isEqualTo(BatchWorker.Outcome.DONE)).process(e -> control.complete())
                    .when(body().isEqualTo(BatchWorker.Outcome.PAUSED)).process(e -> control.pause(worker.pauseReason()))
                    .when(body().isEqualTo(BatchWorker.Outcome.STOPPED)).process(e -> control.stop())
                .end();
    }

    private void fail(Exchange e) {
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("campaign step failed for good: route={} cause={}", e.getFromRouteId(), String.valueOf(cause));
        control.fail(cause);
    }

    /** Stops a route from outside its own exchange (a route cannot wait for itself to finish). */
    private static Processor stopRoute(String routeId) {
        return e -> Thread.ofVirtual().name("stop-" + routeId).start(() -> {
            try {
                e.getContext().getRouteController().stopRoute(routeId);
            } catch (Exception x) {
                LOG.warn("stopping route failed: route={} cause={}", routeId, x.toString());
            }
        });
    }
}
