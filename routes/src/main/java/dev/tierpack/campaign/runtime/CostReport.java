package dev.tierpack.campaign.runtime;

import dev.tierpack.core.cost.StorageCost;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The cost part of a {@link CampaignReport} (its fields appear at the report's top level). Campaign-wide: summed
 * from the ledger topic (every run of the campaign) plus what this run priced since.
 *
 * @param requests        role ({@code source}, {@code warm}, {@code cold}) → request kind → requests
 * @param requestBytes    role → request kind → body bytes moved
 * @param costUsd         line item ({@code source.get}, {@code warm.requests}, …) → USD, and {@code total}: the
 *                        ledger's recorded sum
 * @param budget          caps, spending and state
 * @param storageMonthly  monthly storage cost of the source before vs the warm and cold tiers after (per-object
 *                        overheads and minimum billable sizes of archive classes included)
 */
public record CostReport(Map<String, Map<String, Long>> requests, Map<String, Map<String, Long>> requestBytes,
        Map<String, BigDecimal> costUsd, Budget budget, StorageCost.Comparison storageMonthly) {

    /**
     * @param monthlyCapUsd      null without a budget
     * @param totalCapUsd        null without a total cap
     * @param spentUsd           over the whole campaign
     * @param spentThisMonthUsd  in the current calendar month (UTC)
     * @param state              {@code paused: budget}, {@code within cap} or {@code no cap}
     * @param message            the pause message (spent, cap, the date it can resume), or empty
     */
    public record Budget(BigDecimal monthlyCapUsd, BigDecimal totalCapUsd, BigDecimal spentUsd,
            BigDecimal spentThisMonthUsd, String state, String message) {}
}
