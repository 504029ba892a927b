package dev.tierpack.cli;

import picocli.CommandLine.Option;

/** Options of the commands that request restores of cold packs ({@code restore}, {@code serve}, {@code packer verify}). */
final class RestoreOptions {
    private RestoreOptions() {}

    /** {@code --restore-cap}: the monthly cap, counted in the state dir's restore ledger (see {@link RestoreBudget}). */
    static final class Cap {
        @Option(names = "--restore-cap", paramLabel = "USD", defaultValue = "5",
                description = "monthly cap on restore spending, counted in the state dir's restore ledger (default: ${DEFAULT-VALUE})")
        String usd;
    }

    /** {@code --restore-days}: how long restored copies stay readable. */
    static final class Days {
        @Option(names = "--restore-days", defaultValue = "7",
                description = "days restored copies stay readable (default: ${DEFAULT-VALUE})")
        int restoreDays; // its name is the help's <restoreDays>
    }
}
