package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.RunRole;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tierpack campaign list}: the lister alone, for campaigns whose workers run as {@code campaign worker}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists a campaign's source into its work topic and ends when the listing is complete (no " +
                "migration: that is 'campaign worker'). Run exactly one; a second one fences the first.",
                "Rerun after any stop: it resumes from its checkpoint."})
final class CampaignListCommand extends CampaignCommand.Run {
    @Override
    RunRole role() {
        return RunRole.lister();
    }

}
