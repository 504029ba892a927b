/**
 * What a campaign costs: a dated {@link dev.tierpack.core.cost.PriceTable} (AWS S3 us-east-1 list
 * prices and a warm-tier assumption, docs/COSTS.md), pricing by role ({@link dev.tierpack.core.cost.Tariff}),
 * live metering of every request and byte ({@link dev.tierpack.core.cost.CostMeter}, emitting
 * {@link dev.tierpack.core.cost.LedgerEntry ledger entries}), monthly storage cost before and after
 * ({@link dev.tierpack.core.cost.StorageCost}), and the budget gate that pauses a campaign at its cap
 * ({@link dev.tierpack.core.cost.BudgetGate}). Money is {@link java.math.BigDecimal} at
 * {@link dev.tierpack.core.cost.Money#SCALE} places, summed exactly.
 */
package dev.tierpack.core.cost;
