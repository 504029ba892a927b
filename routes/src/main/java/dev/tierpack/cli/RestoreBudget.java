package dev.tierpack.cli;

import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.manifests.restore.ColdRestorer;
import dev.tierpack.manifests.restore.FileRestoreLedger;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * The restore workflow as the command line builds it: the cold tier of a {@link ReadBackOptions.Session}, the dated
 * default prices, and a monthly restore cap whose spending is counted in {@code STATE_DIR/restores/ledger.jsonl}
 * (one {@code RESTORE} ledger entry per batch of restore requests), so the cap holds across runs.
 */
final class RestoreBudget {
    private RestoreBudget() {}

    static Path ledgerFile(Path stateDir) {
        return stateDir.resolve("restores").resolve("ledger.jsonl");
    }

    /** @param capUsd the monthly restore cap in USD (0 allows only free restores) */
    static ColdRestorer restorer(ReadBackOptions.Session session, Path stateDir, String capUsd, Clock clock) {
        if (session.coldTier == null) {
            throw new ConfigException("restoring needs the cold tier: give --cold URI");
        }
        BigDecimal cap = usd("--restore-cap", capUsd);
        FileRestoreLedger ledger = new FileRestoreLedger(ledgerFile(stateDir));
        // restores only: the monthly cap is set far above the restore cap, so that the restore cap is what binds
        Budget budget = new Budget(cap.add(BigDecimal.ONE).multiply(BigDecimal.valueOf(1_000_000)), null, cap);
        BudgetGate gate = new BudgetGate(budget, ledger.tally(), clock);
        return new ColdRestorer(session.readBack(), session.chunkIndex, session.coldTier.tier(), PriceTable.defaults(),
                gate, ledger, "restore", clock);
    }

    static RestoreTier tier(String option, String value) {
        try {
            return RestoreTier.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("restore tier must be bulk, standard or expedited", "option", option, "value", value);
        }
    }

    static BigDecimal usd(String option, String value) {
        try {
            BigDecimal v = new BigDecimal(value.strip());
            if (v.signum() < 0) {
                throw new ConfigException("amount must not be negative", "option", option, "value", value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException("amount is not a number", "option", option, "value", value);
        }
    }
}
