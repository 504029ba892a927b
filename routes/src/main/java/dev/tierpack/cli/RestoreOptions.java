package dev.tierpack.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that request restores of cold packs ({@code restore}, {@code serve}, {@code packer verify}). */
final class RestoreOptions {
    private RestoreOptions() {}

    /** {@code --restore-cap}: the monthly cap, counted in the state dir's restore ledger (see {@link RestoreBudget}). */
    static final class Cap {
        @Option(names = "--restore-cap", paramLabel = "USD", defaultValue = "5",
                description = "monthly cap on restore spending, counted in the state dir's restore ledger (default: " +
                        "${DEFAULT-VALUE})")
        String usd;
    }

    /** {@code --restore-days}: how long restored copies stay readable. */
    static final class Days {
        @Option(names = "--restore-days", defaultValue = "7", paramLabel = "N",
                description = "days restored copies stay readable (default: ${DEFAULT-VALUE})")
        int restoreDays;
    }

    /**
     * {@code --campaign-config}: restore costs go to the campaign's Kafka ledger topic and count against its budget
     * (see {@link RestoreBudget#ledger}); without it, to the state dir's restore ledger.
     */
    static final class CampaignLedger {
        @Option(names = "--campaign-config", paramLabel = "FILE",
                description = "the campaign file: restore costs go to its Kafka ledger topic and count against its budget (monthly " +
                        "cap; restore cap: its budget.restoreCapUsd, else --restore-cap), priced with its price table; " +
                        "without it, to STATE_DIR/restores/ledger.jsonl")
        Path file;
    }
}
