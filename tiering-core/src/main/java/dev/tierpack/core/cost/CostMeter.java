package dev.tierpack.core.cost;

import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.core.tier.RequestListener;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Prices every request and byte of a campaign as it happens, with a {@link Tariff}: tier requests
 * through {@link RequestListener} (install it on the tiers with {@code Tiers.decorate}), source
 * requests through {@link #onSourceRequest} (or a {@link MeteredSource}). Each event is added to the
 * totals by line item and by endpoint and handed, as one {@link LedgerEntry}, to the ledger consumer.
 *
 * <p>Thread-safe. The totals are exact sums of the ledger entries' amounts: replaying the ledger gives
 * the same figures. Endpoints are registered up front with their role; a request from a tier name
 * that was not registered throws {@link IllegalArgumentException} (a wiring error, never silently
 * unpriced).
 */
public final class CostMeter implements RequestListener {
    private final Tariff tariff;
    private final String campaign;
    private final Clock clock;
    private final Consumer<LedgerEntry> ledger;
    private final String sourceEndpoint;
    private final Map<String, Tally> endpoints = new LinkedHashMap<>();
    private final Map<LineItem, BigDecimal> items = new EnumMap<>(LineItem.class);

    private CostMeter(Builder b) {
        this.tariff = Objects.requireNonNull(b.tariff, "tariff");
        this.campaign = Objects.requireNonNull(b.campaign, "campaign");
        this.clock = b.clock;
        this.ledger = b.ledger;
        this.sourceEndpoint = b.source;
        b.endpoints.forEach((name, role) -> endpoints.put(name, new Tally(role)));
    }

    /** Starts a meter: name the source and tier endpoints with their roles. */
    public static Builder builder(Tariff tariff, String campaign) {
        return new Builder(tariff, campaign);
    }

    public Tariff tariff() {
        return tariff;
    }

    /** A tier request ({@link RequestListener}); {@code tier} must have been registered. */
    @Override
    public void onRequest(String tier, RequestKind kind, long bytes) {
        record(tier, kind, 1, bytes);
    }

    /**
     * Source requests: {@code count} LIST pages, or GET/HEAD requests with the body bytes they read.
     *
     * @throws IllegalStateException if no source endpoint was registered
     */
    public void onSourceRequest(RequestKind kind, long count, long bytes) {
        if (sourceEndpoint == null) {
            throw new IllegalStateException("no source endpoint registered");
        }
        record(sourceEndpoint, kind, count, bytes);
    }

    /** Restore requests of archived cold objects on the named endpoint. */
    public void onRestore(String tier, RestoreTier restoreTier, long objects, long bytes) {
        Charge c = tariff.restore(restoreTier, objects, bytes);
        Tally t = tally(tier);
        LedgerEntry entry;
        synchronized (this) {
            items.merge(c.item(), c.usd(), BigDecimal::add);
            t.usd = t.usd.add(c.usd());
            t.bytesIn += bytes;
            entry = new LedgerEntry(clock.instant(), campaign, t.role, "RESTORE", objects, bytes, c.usd());
        }
        ledger.accept(entry);
    }

    private void record(String endpoint, RequestKind kind, long count, long bytes) {
        Tally t = tally(endpoint);
        List<Charge> charges = tariff.request(t.role, kind, count, bytes);
        BigDecimal usd = Charge.total(charges);
        LedgerEntry entry;
        synchronized (this) {
            for (Charge c : charges) {
                items.merge(c.item(), c.usd(), BigDecimal::add);
            }
            t.requests.merge(kind, count, Long::sum);
            switch (kind.group()) {
                case GET_CLASS, HEAD -> t.bytesIn += bytes;
                case PUT_CLASS -> t.bytesOut += bytes;
                default -> { }
            }
            t.usd = t.usd.add(usd);
            entry = new LedgerEntry(clock.instant(), campaign, t.role, kind.name(), count, bytes, usd);
        }
        ledger.accept(entry);
    }

    private Tally tally(String endpoint) {
        Tally t = endpoints.get(endpoint); // the map is never modified after construction
        if (t == null) {
            throw new IllegalArgumentException("request from an endpoint the cost meter does not know: " + endpoint
                    + " (known: " + endpoints.keySet() + ")");
        }
        return t;
    }

    /** The totals so far. */
    public synchronized CostTotals snapshot() {
        Map<String, BigDecimal> cost = new LinkedHashMap<>();
        BigDecimal total = Money.ZERO;
        for (var e : items.entrySet()) {
            cost.put(e.getKey().key(), e.getValue());
            total = total.add(e.getValue());
        }
        Map<String, CostTotals.Endpoint> eps = new LinkedHashMap<>();
        endpoints.forEach((name, t) -> eps.put(name,
                new CostTotals.Endpoint(t.role, t.requests, t.bytesIn, t.bytesOut, t.usd)));
        return new CostTotals(cost, eps, total);
    }

    private static final class Tally {
        final Role role;
        final Map<RequestKind, Long> requests = new EnumMap<>(RequestKind.class);
        long bytesIn;
        long bytesOut;
        BigDecimal usd = Money.ZERO;

        Tally(Role role) {
            this.role = role;
        }
    }

    /** Configures a {@link CostMeter}. */
    public static final class Builder {
        private final Tariff tariff;
        private final String campaign;
        private final Map<String, Role> endpoints = new LinkedHashMap<>();
        private String source;
        private Clock clock = Clock.systemUTC();
        private Consumer<LedgerEntry> ledger = e -> { };

        private Builder(Tariff tariff, String campaign) {
            this.tariff = tariff;
            this.campaign = campaign;
        }

        /** The source endpoint's name (in totals), e.g. {@code source}. */
        public Builder source(String name) {
            register(name, Role.SOURCE);
            this.source = name;
            return this;
        }

        /** A tier by the name it reports to {@link RequestListener} ({@code warm}, {@code cold}). */
        public Builder tier(String name, Role role) {
            if (role == Role.SOURCE) {
                throw new IllegalArgumentException("use source() for the source endpoint");
            }
            register(name, role);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Receives every priced event, on the thread that made the request. */
        public Builder ledger(Consumer<LedgerEntry> ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        public CostMeter build() {
            return new CostMeter(this);
        }

        private void register(String name, Role role) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("endpoint name must not be blank");
            }
            if (endpoints.putIfAbsent(name, role) != null) {
                throw new IllegalArgumentException("endpoint registered twice: " + name);
            }
        }
    }
}
