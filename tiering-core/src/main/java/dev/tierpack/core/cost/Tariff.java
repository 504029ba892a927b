package dev.tierpack.core.cost;

import dev.tierpack.core.tier.RequestKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prices requests and bytes by {@link Role} with a {@link PriceTable}: the single place that says
 * what a request costs, used alike by the live {@link CostMeter} and by estimates.
 *
 * <ul>
 *   <li>SOURCE: LIST at {@link PriceTable#listPer1000()}; GET, ranged GET and HEAD at the source
 *       class's GET price; bytes read at the egress price. The source is never written: PUT-class
 *       and DELETE requests are rejected.
 *   <li>WARM: every request but DELETE/abort at {@link WarmPrices#requestsPer1000()}; no egress.
 *   <li>COLD: PUT-class at the cold class's PUT price; GET, ranged GET, HEAD at its GET price;
 *       LIST at {@link PriceTable#listPer1000()}; bytes read at the class's retrieval fee plus
 *       egress. DELETE and abort are free (as on S3).
 * </ul>
 */
public final class Tariff {
    private final PriceTable prices;
    private final StorageClass sourceClass;
    private final StorageClass coldClass;

    /**
     * @param sourceClass the storage class of the source objects (STANDARD for a normal cache)
     * @param coldClass the storage class the cold tier writes
     */
    public Tariff(PriceTable prices, StorageClass sourceClass, StorageClass coldClass) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.sourceClass = Objects.requireNonNull(sourceClass, "sourceClass");
        this.coldClass = Objects.requireNonNull(coldClass, "coldClass");
    }

    public PriceTable prices() {
        return prices;
    }

    public StorageClass sourceClass() {
        return sourceClass;
    }

    public StorageClass coldClass() {
        return coldClass;
    }

    /**
     * What {@code count} requests of {@code kind} moving {@code bytes} body bytes in all cost on an
     * endpoint of {@code role}. Zero-priced lines are included for billed kinds, so that every
     * request shows up on its line; free kinds (DELETE) give an empty list.
     *
     * @throws IllegalArgumentException for a write or delete on the source
     */
    public List<Charge> request(Role role, RequestKind kind, long count, long bytes) {
        if (count < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative count or bytes: " + count + ", " + bytes);
        }
        List<Charge> out = new ArrayList<>(3);
        switch (role) {
            case SOURCE -> source(kind, count, bytes, out);
            case WARM -> {
                if (kind.group() != RequestKind.Group.DELETE) {
                    out.add(new Charge(LineItem.WARM_REQUESTS, Money.perThousand(prices.warm().requestsPer1000(), count)));
                }
            }
            case COLD -> cold(kind, count, bytes, out);
        }
        return out;
    }

    /** Restoring {@code objects} archived cold objects totalling {@code bytes} with {@code tier}. */
    public Charge restore(RestoreTier tier, long objects, long bytes) {
        RestorePrice p = prices.of(coldClass).restore().get(tier);
        if (p == null) {
            throw new IllegalArgumentException("no " + tier + " restores for storage class " + coldClass);
        }
        return new Charge(LineItem.COLD_RESTORE, Money.round(p.cost(objects, bytes)));
    }

    private void source(RequestKind kind, long count, long bytes, List<Charge> out) {
        ClassPrices cls = prices.of(sourceClass);
        switch (kind.group()) {
            case LIST -> out.add(new Charge(LineItem.SOURCE_LIST, Money.perThousand(prices.listPer1000(), count)));
            case GET_CLASS, HEAD -> {
                out.add(new Charge(LineItem.SOURCE_GET, Money.perThousand(cls.getPer1000(), count)));
                if (bytes > 0) {
                    out.add(new Charge(LineItem.SOURCE_EGRESS, Money.perGb(prices.egressPerGb(), bytes)));
                }
            }
            case PUT_CLASS, DELETE -> throw new IllegalArgumentException("the source is never written: " + kind);
        }
    }

    private void cold(RequestKind kind, long count, long bytes, List<Charge> out) {
        ClassPrices cls = prices.of(coldClass);
        switch (kind.group()) {
            case PUT_CLASS -> out.add(new Charge(LineItem.COLD_PUT, Money.perThousand(cls.putPer1000(), count)));
            case LIST -> out.add(new Charge(LineItem.COLD_LIST, Money.perThousand(prices.listPer1000(), count)));
            case GET_CLASS, HEAD -> {
                out.add(new Charge(LineItem.COLD_GET, Money.perThousand(cls.getPer1000(), count)));
                if (bytes > 0) {
                    BigDecimal retrieval = cls.retrievalPerGb();
                    if (retrieval.signum() > 0) {
                        out.add(new Charge(LineItem.COLD_RETRIEVAL, Money.perGb(retrieval, bytes)));
                    }
                    out.add(new Charge(LineItem.COLD_EGRESS, Money.perGb(prices.egressPerGb(), bytes)));
                }
            }
            case DELETE -> { }
        }
    }
}
