package dev.tierpack.cli;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import java.nio.file.Path;
import picocli.CommandLine.ParseResult;

/** Settings from a campaign file with the options given on the command line applied over them. */
final class ConfigOverrides {
    private ConfigOverrides() {}

    static RuntimeSettings settings(CampaignCommand.Run run, Path config) {
        if (config == null) {
            return run.settingsFromOptions();
        }
        ParseResult given = run.spec.commandLine().getParseResult();
        RuntimeSettings s = ConfigRuntimeSettings.of(CampaignConfig.load(config));
        if (given.hasMatchedOption("--name") && !run.campaign.name.equals(s.campaign())) {
            throw new dev.tierpack.core.error.ConfigException("--name differs from the campaign file's name",
                    "name", run.campaign.name, "file", config);
        }
        if (given.hasMatchedOption("--source") || given.hasMatchedOption("--tier-endpoint")) {
            throw new dev.tierpack.core.error.ConfigException(
                    "give the source and tiers in the campaign file or as options, not both", "file", config);
        }
        if (given.hasMatchedOption("--state-dir")) {
            s = new RuntimeSettings(s.campaign(), s.source(), s.warm(), s.cold(), s.kafkaBootstrap(), s.partitions(),
                    s.batchSize(), s.maxBatchAge(), run.state.stateDir, s.concurrency(), s.listPageSize(),
                    s.listInterval(), s.packSize());
        }
        if (given.hasMatchedOption("--kafka-bootstrap")) {
            s = s.withKafka(run.campaign.kafka);
        }
        if (given.hasMatchedOption("--partitions")) {
            s = s.withPartitions(run.partitions);
        }
        if (given.hasMatchedOption("--batch-size") || given.hasMatchedOption("--max-batch-age")) {
            s = s.withBatching(run.batchSize, CampaignCommand.Durations.parse(run.maxBatchAge, "--max-batch-age"));
        }
        if (given.hasMatchedOption("--pack-size")) {
            s = s.withPackSize(CampaignCommand.Sizes.parse(run.packSize, "--pack-size"));
        }
        return s;
    }
}
