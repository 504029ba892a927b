package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packer verify --restore-budget} wiring on the state directory's embedded tiers (the restore logic itself,
 * on archived packs, is ColdVerifyTest's): the cold-pack summary is printed, bad amounts and tiers are usage errors.
 */
class VerifyRestoreBudgetCliTest {
    @TempDir Path state;

    @Test
    void summaryIsPrintedAndBadAmountsAreUsageErrors() {
        CliRun ok = CliRun.run("packer", "verify", "--full", "--restore-budget", "0.50", "--state-dir",
                state.toString());
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("cold packs: 0 read in full, 0 restores requested (USD 0)");

        CliRun negative = CliRun.run("packer", "verify", "--full", "--restore-budget", "-1", "--state-dir",
                state.toString());
        assertThat(negative.status()).isEqualTo(ExitCode.USAGE);
        assertThat(negative.err()).contains("--restore-budget");

        CliRun tier = CliRun.run("packer", "verify", "--full", "--restore-budget", "1", "--restore-tier", "fast",
                "--state-dir", state.toString());
        assertThat(tier.status()).isEqualTo(ExitCode.USAGE);
        assertThat(tier.err()).contains("bulk, standard or expedited");
    }
}
