package dev.tierpack.campaign.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.campaign.runtime.CostSettings;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.tier.RequestKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The budget hook over the ledger's tally, without Kafka: spending comes from the meters as requests happen. */
class LedgerBudgetTest {
    private static final Clock MARCH = Clock.fixed(Instant.parse("2026-03-31T23:00:00Z"), ZoneOffset.UTC);

    @Test
    void batchesProceedUntilTheMonthsSpendingPlusTheEstimateWouldPassTheCapThenPauseWithSpentCapAndResumeDate() {
        CostSettings cost = CostSettings.defaults().withClock(MARCH);
        BatchCostEstimate estimate = new BatchCostEstimate(cost.tariff(), 1 << 20);
        BudgetHook.BatchEstimate batch = new BudgetHook.BatchEstimate(10, 5 << 20, 20 << 20);
        BigDecimal perBatch = estimate.batch(batch);
        BigDecimal endOfRun = estimate.endOfRun(new LedgerTotals(cost.tariff()).snapshot());
        assertThat(perBatch).isPositive();
        // room for the end-of-run reservation and exactly three batches
        BigDecimal cap = endOfRun.add(perBatch.multiply(BigDecimal.valueOf(3)));
        Budget budget = new Budget(cap, null, null);
        CampaignLedger ledger = new CampaignLedger(new CampaignTopics("t"), cost.withBudget(budget), "warm", "cold");
        LedgerBudget hook = new LedgerBudget(ledger, budget, estimate);

        int ran = 0;
        BudgetHook.Decision d;
        while ((d = hook.reserve(batch)).proceed()) {
            ran++;
            // the batch really spends: 10 NAR GETs of 5 MiB in all and some warm requests
            for (int i = 0; i < 10; i++) {
                ledger.meter(CampaignLedger.Writer.WORKER).onSourceRequest(RequestKind.GET, 1, (5 << 20) / 10);
            }
            for (int i = 0; i < 8; i++) {
                ledger.meter(CampaignLedger.Writer.WORKER).onRequest("warm", RequestKind.PUT, 1 << 20);
            }
            hook.record(new BudgetHook.BatchUsage(10, 0, 0, 5 << 20, 20 << 20, 1, 1 << 20));
            assertThat(ran).isLessThan(10);
        }
        assertThat(ran).as("the estimate is an upper bound: actual batches cost less").isGreaterThanOrEqualTo(3);
        assertThat(ledger.spentThisMonthUsd()).isLessThanOrEqualTo(cap);
        assertThat(ledger.remainingThisMonthUsd()).hasValueSatisfying(r -> assertThat(r).isLessThan(perBatch));
        assertThat(d.reason()).startsWith("budget: monthly cap " + Money.format(cap) + " reached: "
                + Money.format(ledger.spentThisMonthUsd()) + " spent in 2026-03")
                .endsWith("resumes on 2026-04-01 (UTC) or with a raised cap");
        assertThat(hook.lastPause()).startsWith("paused: budget: ");
        // every metered request is waiting for the worker's next transaction
        assertThat(ledger.pending()).isEqualTo(ran * 18);
    }

    @Test
    void aTotalCapPausesWithoutAResumeDate() {
        CostSettings cost = CostSettings.defaults().withClock(MARCH);
        CampaignLedger ledger = new CampaignLedger(new CampaignTopics("t"), cost, "warm", "cold");
        ledger.meter(CampaignLedger.Writer.LISTER).onSourceRequest(RequestKind.GET, 1000, 1L << 30);
        BigDecimal spent = ledger.spentUsd();
        LedgerBudget hook = new LedgerBudget(ledger, new Budget(new BigDecimal("100"), spent, null),
                new BatchCostEstimate(cost.tariff(), 1 << 20));
        BudgetHook.Decision d = hook.reservePage(new BudgetHook.PageEstimate(10, 10_000));
        assertThat(d.proceed()).isFalse();
        assertThat(d.reason()).startsWith("budget: total cap " + Money.format(spent) + " reached: " + Money.format(spent)
                + " spent in all").endsWith("resumes with a raised cap");
    }

    @Test
    void withColdWritesTheBatchEstimateAddsTheColdPutsOfTheSameRequests() {
        CostSettings cost = CostSettings.defaults();
        BatchCostEstimate warm = new BatchCostEstimate(cost.tariff(), 1 << 20);
        BudgetHook.BatchEstimate batch = new BudgetHook.BatchEstimate(10, 5 << 20, 20 << 20);
        BigDecimal both = warm.withColdWrites().batch(batch);
        // the same request count priced once more at the cold role's PUT price (Deep Archive by default)
        long packs = (20L << 20) / (1 << 20) + 2;
        long parts = Math.max(1, (20L << 20) / dev.tierpack.core.tier.Tier.MIN_PART_SIZE + packs);
        long requests = packs * BatchCostEstimate.REQUESTS_PER_PACK + 2 * parts + BatchCostEstimate.BATCH_OVERHEAD_REQUESTS;
        BigDecimal coldPuts = dev.tierpack.core.cost.Charge.total(cost.tariff().request(
                dev.tierpack.core.cost.Role.COLD, RequestKind.PUT, requests, 0));
        assertThat(coldPuts).isPositive();
        assertThat(both).isEqualByComparingTo(Money.round(warm.batch(batch).add(coldPuts)));
    }
}
