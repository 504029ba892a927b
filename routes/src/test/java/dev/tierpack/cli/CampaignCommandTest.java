package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.worker.ProgressView;
import dev.tierpack.campaign.worker.RunStats;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code campaign run} and {@code campaign status} with nothing but a state dir: embedded S3, Kafka and demo cache. */
class CampaignCommandTest {
    @TempDir Path state;

    @Test
    void aZeroSetupCampaignRunsOnEmbeddedServicesAndStatusReportsIt() throws Exception {
        Path report = state.resolve("report.json");
        CliRun run = CliRun.run("campaign", "run", "--state-dir", state.toString(), "--demo-packages", "4",
                "--demo-bumps", "2", "--batch-size", "20", "--pack-size", "1m", "--list-page-size", "50", "--quiet",
                "--report-json", report.toString());
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("campaign demo: complete", "warm tier:", "cold tier:");
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("storePaths").asLong()).isPositive().isEqualTo(r.get("narinfos").asLong());
        assertThat(r.get("sourceObjects").asLong()).isEqualTo(3 * r.get("narinfos").asLong() + 1); // narinfo, NAR, .ls each + nix-cache-info
        assertThat(r.get("quarantined").asLong()).isZero();
        assertThat(state.resolve("channels/bump2.txt")).exists();

        CliRun status = CliRun.run("campaign", "status", "--state-dir", state.toString());
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(status.out()).contains("campaign demo: no run active", "listing: complete",
                "published: " + r.get("storePaths").asLong() + " store paths", "work not yet committed: 0");
        CliRun never = CliRun.run("campaign", "status", "--state-dir", state.toString(), "--name", "other");
        assertThat(never.out()).contains("campaign other: never run");
    }

    @Test
    void badSettingsAreUsageErrorsNamingTheSetting() {
        CliRun name = CliRun.run("campaign", "run", "--state-dir", state.toString(), "--name", "Bad Name");
        assertThat(name.status()).isEqualTo(ExitCode.USAGE);
        assertThat(name.err()).contains("invalid campaign name", "name=\"Bad Name\"");
        CliRun size = CliRun.run("campaign", "run", "--state-dir", state.toString(), "--pack-size", "12x");
        assertThat(size.status()).isEqualTo(ExitCode.USAGE);
        assertThat(size.err()).contains("invalid size", "option=--pack-size", "value=12x");
        CliRun age = CliRun.run("campaign", "run", "--state-dir", state.toString(), "--max-batch-age", "soon");
        assertThat(age.status()).isEqualTo(ExitCode.USAGE);
        assertThat(age.err()).contains("invalid duration", "option=--max-batch-age");
        CliRun tiers = CliRun.run("campaign", "run", "--state-dir", state.toString(), "--tier-endpoint", "http://127.0.0.1:1");
        assertThat(tiers.status()).isEqualTo(ExitCode.USAGE);
        assertThat(tiers.err()).contains("--tier-endpoint needs --tier-credentials-file");
        CliRun batch = CliRun.run("campaign", "run", "--state-dir", state.toString(), "--batch-size", "0");
        assertThat(batch.status()).isEqualTo(ExitCode.USAGE);
        assertThat(batch.err()).contains("key=batchSize", "value=0");
    }

    @Test
    void theProgressLineShowsListedPublishedRateAndEta() {
        RunStats stats = new RunStats();
        stats.published.set(300);
        ListerCheckpoint listing = new ListerCheckpoint("k", null, 3, 3000, 1 << 20, 1000, 990, 10, true);
        String line = ProgressLine.render(new CampaignRuntime.Snapshot(listing, new ProgressView.Totals(500, 10, 5L << 20),
                stats, 60_000_000_000L));
        assertThat(line).contains("listed 1,000 (complete)", "published 500", "quarantined 10", "5.0 MiB NAR",
                "5.0 paths/s", "ETA 0:01:38");
        String costly = ProgressLine.render(new CampaignRuntime.Snapshot(listing, new ProgressView.Totals(500, 10, 5L << 20),
                stats, 60_000_000_000L, new java.math.BigDecimal("12.346"), new java.math.BigDecimal("250")));
        assertThat(costly).contains("$12.35 spent (cap $250.00/month)", "ETA 0:01:38");
        String listing2 = ProgressLine.render(new CampaignRuntime.Snapshot(
                new ListerCheckpoint("k", null, 1, 10, 10, 5, 5, 0, false), ProgressView.Totals.ZERO, new RunStats(), 0));
        assertThat(listing2).contains("listed 5 ", "published 0").doesNotContain("ETA", "(complete)");
    }
}
