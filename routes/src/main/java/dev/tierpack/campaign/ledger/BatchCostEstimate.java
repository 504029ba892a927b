package dev.tierpack.campaign.ledger;

import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.core.cost.Charge;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.Tariff;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.core.tier.Tier;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Upper bounds, in USD, of what a batch or a listing page costs, from what is known before it runs; the budget
 * gate reserves them so that the campaign stops at or under its cap (docs/COSTS.md "Budget").
 *
 * <ul>
 *   <li>batch, source: one GET per store path plus the NARs' compressed bytes (FileSize) as egress, 5 % + 64 KiB
 *       over for retried reads; where FileSize is unknown, the uncompressed NAR bytes;
 *   <li>batch, warm tier: the data packs the NAR bytes can fill at most (one more for the remainder) plus one
 *       manifest pack, each uploaded in parts, read back, with its index object written and read back, counted
 *       as {@value #REQUESTS_PER_PACK} requests plus two per part, and {@value #BATCH_OVERHEAD_REQUESTS} more for
 *       the batch; the same on the cold tier's prices when the cold tier is written (a worker that writes cold
 *       packs must say so: {@link #withColdWrites});
 *   <li>page: one GET per narinfo plus their listed bytes as egress, and the next page's LIST;
 *   <li>end of run: the report's listing of both tiers ({@link #endOfRun}).
 * </ul>
 */
public final class BatchCostEstimate {
    static final int REQUESTS_PER_PACK = 12;
    static final int BATCH_OVERHEAD_REQUESTS = 16;
    static final int END_OF_RUN_MARGIN = 3;

    private final Tariff tariff;
    private final long packSize;
    private final boolean coldWrites;

    public BatchCostEstimate(Tariff tariff, long packSize) {
        this(tariff, packSize, false);
    }

    private BatchCostEstimate(Tariff tariff, long packSize, boolean coldWrites) {
        this.tariff = Objects.requireNonNull(tariff, "tariff");
        if (packSize <= 0) {
            throw new IllegalArgumentException("pack size must be positive: " + packSize);
        }
        this.packSize = packSize;
        this.coldWrites = coldWrites;
    }

    /** The same estimate, also charging every pack at the cold tier's prices. */
    public BatchCostEstimate withColdWrites() {
        return new BatchCostEstimate(tariff, packSize, true);
    }

    public BigDecimal batch(BudgetHook.BatchEstimate e) {
        long bytes = e.sourceBytes() > 0 ? e.sourceBytes() + e.sourceBytes() / 20 + (64 << 10) : e.narBytes();
        BigDecimal usd = Charge.total(tariff.request(Role.SOURCE, RequestKind.GET, e.storePaths(), bytes));
        long packs = e.narBytes() / packSize + 2;
        long parts = Math.max(1, e.narBytes() / Tier.MIN_PART_SIZE + packs);
        long requests = packs * REQUESTS_PER_PACK + 2 * parts + BATCH_OVERHEAD_REQUESTS;
        usd = usd.add(Charge.total(tariff.request(Role.WARM, RequestKind.PUT, requests, 0)));
        if (coldWrites) {
            usd = usd.add(Charge.total(tariff.request(Role.COLD, RequestKind.PUT, requests, 0)));
        }
        return Money.round(usd);
    }

    public BigDecimal page(BudgetHook.PageEstimate e) {
        BigDecimal usd = Charge.total(tariff.request(Role.SOURCE, RequestKind.GET, e.narinfos(),
                e.narinfoBytes() + (e.narinfoBytes() / 20) + (16 << 10)));
        return Money.round(usd.add(Charge.total(tariff.request(Role.SOURCE, RequestKind.LIST, 1, 0)))); // the next page
    }

    /**
     * Listing both tiers once at the end of a run: one LIST per started 1,000 objects, the objects being at most
     * those the ledger saw written (PUTs and completed multipart uploads) plus {@value #END_OF_RUN_MARGIN} pages.
     */
    public BigDecimal endOfRun(LedgerTotals.Snapshot ledger) {
        BigDecimal usd = Money.ZERO;
        for (Role role : new Role[] {Role.WARM, Role.COLD}) {
            var kinds = ledger.requests().getOrDefault(role.key(), java.util.Map.of());
            long objects = kinds.getOrDefault(RequestKind.PUT.name(), 0L)
                    + kinds.getOrDefault(RequestKind.COMPLETE_MULTIPART.name(), 0L);
            usd = usd.add(Charge.total(tariff.request(role, RequestKind.LIST, objects / 1000 + END_OF_RUN_MARGIN, 0)));
        }
        return Money.round(usd);
    }
}
