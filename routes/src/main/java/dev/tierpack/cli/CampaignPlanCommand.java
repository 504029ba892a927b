package dev.tierpack.cli;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.plan.CampaignPlan;
import dev.tierpack.campaign.plan.CampaignPlanner;
import dev.tierpack.campaign.plan.PlanJson;
import dev.tierpack.campaign.plan.PlanOptions;
import dev.tierpack.campaign.plan.PlanText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Lists the source (or reads its S3 Inventory report) and estimates the campaign: objects and " +
                "bytes by kind, requests by kind, egress, stored bytes, cost to migrate by line item, monthly " +
                "storage cost before and after, and the months the budget cap implies. Writes nothing (but " +
                "--report-json).")
final class CampaignPlanCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the campaign file")
    Path config;

    @Option(names = "--report-json", paramLabel = "FILE", description = "also write the estimate as JSON")
    Path reportJson;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "0",
            description = "read N random store paths' NARs and measure dedup + compression with the packer (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "seed of the sample (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--stored-ratio", paramLabel = "R", defaultValue = "1.0",
            description = "stored bytes per compressed NAR byte when not sampled (default: ${DEFAULT-VALUE}: no saving assumed)")
    double storedRatio;

    @Option(names = "--warm-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "share of NAR data placed warm (default: ${DEFAULT-VALUE})")
    double warmFraction;

    @Override
    public Integer call() throws Exception {
        CampaignConfig c = CampaignConfig.load(config);
        CampaignPlan plan = new CampaignPlanner(c, new PlanOptions(storedRatio, warmFraction, sample, seed)).plan();
        spec.commandLine().getOut().print(PlanText.render(plan));
        spec.commandLine().getOut().flush();
        if (reportJson != null) {
            PlanJson.write(plan, reportJson);
        }
        return ExitCode.OK;
    }
}
