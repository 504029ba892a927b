package dev.tierpack.cli;

import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.manifests.restore.ColdRestorer;
import dev.tierpack.manifests.restore.FileRestoreLedger;
import dev.tierpack.manifests.restore.RestoreLedger;
import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.RuntimeMapping;
import dev.tierpack.campaign.ledger.CampaignRestoreLedger;
import dev.tierpack.campaign.ledger.StandaloneLedger;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.cost.SpendTally;
import java.util.Optional;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * The restore workflow as the command line builds it: the cold tier a command opened ({@link CommandTiers}), the dated
 * default prices, and a monthly restore cap whose spending is counted in {@code STATE_DIR/restores/ledger.jsonl}
 * (one {@code RESTORE} ledger entry per batch of restore requests), so the cap holds across runs; or, given the
 * campaign file ({@code --campaign-config}), the campaign's ledger topic, prices and budget ({@link #ledger}).
 */
final class RestoreBudget {
    private RestoreBudget() {}

    static Path ledgerFile(Path stateDir) {
        return stateDir.resolve("restores").resolve("ledger.jsonl");
    }

    /**
     * Where a command's restore costs go and what its caps count: with a campaign file ({@code --campaign-config}),
     * the campaign's Kafka ledger topic ({@link CampaignRestoreLedger}, entries with the source header
     * {@code source}), its price table and its budget; without one, {@code STATE_DIR/restores/ledger.jsonl} and the
     * dated default prices.
     */
    record Ledger(RestoreLedger ledger, SpendTally tally, String campaign, Optional<Budget> budget, PriceTable prices,
            AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    static Ledger ledger(Path stateDir, Path campaignConfig, String source) {
        if (campaignConfig == null) {
            FileRestoreLedger file = new FileRestoreLedger(ledgerFile(stateDir));
            return new Ledger(file, file.tally(), "restore", Optional.empty(), PriceTable.defaults(), () -> { });
        }
        RuntimeSettings s = RuntimeMapping.settings(CampaignConfig.load(campaignConfig));
        StandaloneLedger opened = StandaloneLedger.open(s, "warm", "cold", source);
        return new Ledger(new CampaignRestoreLedger(opened.ledger(), s.campaign()), opened.ledger().spend(), s.campaign(),
                s.cost().budget(), s.cost().tariff().prices(), opened);
    }

    /**
     * A restorer whose restores count against {@code ledger}'s spending: the campaign's monthly (and total) cap when it
     * has a budget, and a restore cap: the campaign file's {@code restoreCapUsd}, else {@code capUsd}.
     */
    static ColdRestorer restorer(CommandTiers session, Ledger ledger, String capUsd, Clock clock) {
        session.selection().requireCold("restoring");
        BigDecimal cap = ledger.budget().flatMap(Budget::restoreCap).orElse(usd("--restore-cap", capUsd));
        // without a campaign budget the monthly cap is set far above the restore cap, so that the restore cap binds
        Budget budget = ledger.budget().map(b -> new Budget(b.monthlyCapUsd(), b.totalCapUsd(), cap))
                .orElse(new Budget(cap.add(BigDecimal.ONE).multiply(BigDecimal.valueOf(1_000_000)), null, cap));
        BudgetGate gate = new BudgetGate(budget, ledger.tally(), clock);
        return new ColdRestorer(session.readBack(), session.chunkIndex(), session.cold(), ledger.prices(),
                gate, ledger.ledger(), ledger.campaign(), clock);
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
