package dev.tierpack.core.cost;

import dev.tierpack.core.error.ConfigException;
import java.math.BigDecimal;

/**
 * One volume band of a storage price: usage up to {@code upToGb} GB (cumulative, counted from 0) is
 * billed at {@code perGbMonth}; the last band of a class has no bound.
 *
 * @param upToGb the band's upper bound in GB, or null for "everything above the previous band"
 * @param perGbMonth USD per GB-month in this band
 */
public record StorageBand(BigDecimal upToGb, BigDecimal perGbMonth) {
    public StorageBand {
        Money.nonNegative(perGbMonth, "perGbMonth");
        if (upToGb != null && upToGb.signum() <= 0) {
            throw new ConfigException("band bound must be positive", "key", "upToGb", "value", upToGb.toPlainString());
        }
    }

    /** A single unbounded band. */
    public static StorageBand flat(String perGbMonth) {
        return new StorageBand(null, new BigDecimal(perGbMonth));
    }
}
