package dev.tierpack.campaign.runtime;

import dev.tierpack.campaign.config.Limits;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.cost.Tariff;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What a campaign pays and may spend: the prices by role, the budget caps, the rate limits, and the clock that
 * decides which calendar month (UTC) spending falls in (tests inject one to run "next month").
 *
 * @param tariff prices by role (source, warm, cold), see docs/COSTS.md
 * @param budget the caps, or empty for none (the ledger is written all the same)
 * @param limits request and byte rate limits (applied by the resilience work; carried here from the config)
 * @param clock  time of ledger entries and of budget decisions
 */
public record CostSettings(Tariff tariff, Optional<Budget> budget, Limits limits, Clock clock) {
    public CostSettings {
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
    }

    /** Default prices (AWS us-east-1, a STANDARD source, a DEEP_ARCHIVE cold tier), no cap, no limits. */
    public static CostSettings defaults() {
        return new CostSettings(new Tariff(PriceTable.defaults(), StorageClass.STANDARD, StorageClass.DEEP_ARCHIVE),
                Optional.empty(), Limits.none(), Clock.systemUTC());
    }

    public CostSettings withBudget(Budget budget) {
        return new CostSettings(tariff, Optional.of(budget), limits, clock);
    }

    public CostSettings withClock(Clock clock) {
        return new CostSettings(tariff, budget, limits, clock);
    }
}
