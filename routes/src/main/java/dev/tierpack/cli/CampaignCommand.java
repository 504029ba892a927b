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

@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Migration campaigns described by a campaign file (README.md, \"Campaign file\").",
        subcommands = {CampaignPlanCommand.class})
final class CampaignCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
