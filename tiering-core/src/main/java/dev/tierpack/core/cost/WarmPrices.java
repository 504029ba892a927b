package dev.tierpack.core.cost;

import java.math.BigDecimal;

/**
 * What the warm tier (self-hosted MinIO) costs. There is no public price list for one's own
 * hardware: the defaults are a stated assumption (docs/COSTS.md) meant to be overridden.
 *
 * @param storagePerGbMonth USD per GB-month stored (amortized disks, servers, power, operations)
 * @param requestsPer1000 USD per thousand requests of any kind
 */
public record WarmPrices(BigDecimal storagePerGbMonth, BigDecimal requestsPer1000) {
    public WarmPrices {
        Money.nonNegative(storagePerGbMonth, "storagePerGbMonth");
        Money.nonNegative(requestsPer1000, "requestsPer1000");
    }
}
