package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.loadbench.LoadHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The ingest options {@code campaign run} and {@code bench ingest} share: each command keeps its own defaults and
 * wording, and both parse a given value the same way.
 */
class IngestOptionsTest {

    @Test
    void eachCommandKeepsItsDefaults() {
        CampaignCommand.Run run = new CampaignCommand.Run();
        new CommandLine(run).parseArgs();
        assertThat(run.packSize.text).isEqualTo("512m");
        assertThat(run.packSize.bytes()).isEqualTo(512L << 20);
        assertThat(run.batchSize.storePaths).isEqualTo(RuntimeSettings.DEFAULT_BATCH_SIZE);
        assertThat(run.concurrency.reads).isEqualTo(RuntimeSettings.DEFAULT_CONCURRENCY);

        BenchIngestCommand bench = new BenchIngestCommand();
        new CommandLine(bench).parseArgs("--scenario", "full", "--objects", "10");
        assertThat(bench.packSize.text).isEqualTo(LoadHarness.DEFAULT_PACK_SIZE);
        assertThat(bench.batchSize.storePaths).isEqualTo(LoadHarness.DEFAULT_BATCH_SIZE);
        assertThat(bench.concurrency.reads).isEqualTo(LoadHarness.DEFAULT_CONCURRENCY);
    }

    @Test
    void givenValuesParseAlikeInBothCommands() {
        CampaignCommand.Run run = new CampaignCommand.Run();
        new CommandLine(run).parseArgs("--pack-size", "64m", "--batch-size", "7", "--concurrency", "3");
        BenchIngestCommand bench = new BenchIngestCommand();
        new CommandLine(bench).parseArgs("--scenario", "full", "--objects", "10", "--pack-size", "64m",
                "--batch-size", "7", "--concurrency", "3");
        assertThat(run.packSize.bytes()).isEqualTo(bench.packSize.bytes()).isEqualTo(64L << 20);
        assertThat(run.batchSize.storePaths).isEqualTo(bench.batchSize.storePaths).isEqualTo(7);
        assertThat(run.concurrency.reads).isEqualTo(bench.concurrency.reads).isEqualTo(3);
    }

    @Test
    void helpWordsTheSharedOptionsPerCommand() {
        String run = help(new CampaignCommand.Run());
        assertThat(run).contains("target pack size, e.g. 512m, 64m, 256k (default: 512m)",
                "store paths per committed batch (default: " + RuntimeSettings.DEFAULT_BATCH_SIZE + ")",
                "narinfo reads in flight while listing (default: " + RuntimeSettings.DEFAULT_CONCURRENCY + ")");
        String bench = help(new BenchIngestCommand());
        assertThat(bench).contains("full, verify: the campaign's target pack size (default: "
                        + LoadHarness.DEFAULT_PACK_SIZE + "; the",
                "full, verify: store paths per committed batch (default: " + LoadHarness.DEFAULT_BATCH_SIZE,
                "narinfo: narinfo reads at a time (default: " + LoadHarness.DEFAULT_CONCURRENCY + ")")
                .doesNotContain("target pack size, e.g.", "narinfo reads in flight");
    }

    private static String help(Object command) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setUsageHelpWidth(200);
        cl.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }
}
