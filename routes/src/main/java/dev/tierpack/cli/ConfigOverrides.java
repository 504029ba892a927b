package dev.tierpack.cli;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.RuntimeMapping;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import java.nio.file.Path;
import picocli.CommandLine.ParseResult;

/**
 * Settings from a campaign file ({@link RuntimeMapping}) with the options given on the command line applied over
 * them: {@code --state-dir} (N workers sharing one file each need their own), {@code --kafka-bootstrap},
 * {@code --partitions}, batching and {@code --pack-size}. Options that name the source or the tiers are rejected:
 * those come from the file only.
 */
final class ConfigOverrides {
    private ConfigOverrides() {}

    static RuntimeSettings settings(CampaignCommand.Run run, Path config) {
        if (config == null) {
            return run.settingsFromOptions();
        }
        ParseResult given = run.spec.commandLine().getParseResult();
        RuntimeSettings s = RuntimeMapping.settings(CampaignConfig.load(config));
        if (given.hasMatchedOption("--name") && !run.campaign.name.equals(s.campaign())) {
            throw new dev.tierpack.core.error.ConfigException("--name differs from the campaign file's name",
                    "name", run.campaign.name, "file", config);
        }
        ConfigOptions.rejectWithConfig(run.spec, "--source", "--tier-endpoint", "--tier-credentials-file",
                "--warm-bucket", "--cold-bucket", "--list-page-size", "--concurrency", "--demo-packages", "--demo-bumps");
        if (given.hasMatchedOption("--state-dir")) {
            s = s.withStateDir(run.state.stateDir);
        }
        if (given.hasMatchedOption("--kafka-bootstrap")) {
            s = s.withKafka(run.campaign.kafka);
        }
        if (given.hasMatchedOption("--partitions")) {
            s = s.withPartitions(run.partitions);
        }
        if (given.hasMatchedOption("--batch-size") || given.hasMatchedOption("--max-batch-age")) {
            s = s.withBatching(run.batchSize.storePaths, CampaignCommand.Durations.parse(run.maxBatchAge, "--max-batch-age"));
        }
        if (given.hasMatchedOption("--pack-size")) {
            s = s.withPackSize(run.packSize.bytes());
        }
        return s;
    }
}
