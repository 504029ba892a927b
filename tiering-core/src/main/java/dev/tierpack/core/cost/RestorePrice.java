package dev.tierpack.core.cost;

import java.math.BigDecimal;

/**
 * Price of restoring archived objects with one {@link RestoreTier}.
 *
 * @param perGb USD per GB restored
 * @param per1000 USD per thousand restore requests
 */
public record RestorePrice(BigDecimal perGb, BigDecimal per1000) {
    public RestorePrice {
        Money.nonNegative(perGb, "perGb");
        Money.nonNegative(per1000, "per1000");
    }

    /** Restoring {@code objects} objects totalling {@code bytes}. */
    public BigDecimal cost(long objects, long bytes) {
        return Money.perThousand(per1000, objects).add(Money.perGb(perGb, bytes));
    }
}
