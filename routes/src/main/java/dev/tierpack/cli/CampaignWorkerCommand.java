package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.RunRole;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tierpack campaign worker}: one member of the campaign's worker group. N of them (processes, pods) share the
 * work topic's partitions; each needs its own state directory and a unique, stable {@code --worker-id}.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs one worker of a campaign: a member of the Kafka consumer group tierpack.<name>.worker " +
                "that migrates the store paths of the work-topic partitions the group gives it (no listing: run " +
                "'campaign list' once). Start N of them, each with its own --state-dir and --worker-id, to share " +
                "the work; a worker that dies has its partitions moved to the others after --session-timeout.",
                "Ends (status 0) when the listing is complete and the whole group has committed every work record."})
final class CampaignWorkerCommand extends CampaignCommand.Run {
    @Option(names = "--worker-id", paramLabel = "ID", defaultValue = "${env:HOSTNAME:-worker-0}",
            description = "unique, stable id of this worker (a StatefulSet pod name): its Kafka transactional id is " +
                    "tierpack.<name>.worker-<ID>, so a restarted worker fences its predecessor (default: " +
                    "$HOSTNAME)")
    String workerId;

    @Option(names = "--session-timeout", paramLabel = "DURATION", defaultValue = "45s",
            description = "how long a silent worker keeps its partitions before the group moves them (default: ${DEFAULT-VALUE})")
    String sessionTimeout;

    @Option(names = "--orphan-min-age", paramLabel = "DURATION", defaultValue = "6h",
            description = "at start, delete only orphan packs older than this: younger ones may be another worker's " +
                    "upload in flight (default: ${DEFAULT-VALUE}; 'packer gc-orphans' cleans up once no worker " +
                    "runs)")
    String orphanMinAge;

    @Override
    RunRole role() {
        return RunRole.worker(workerId, CampaignCommand.Durations.parse(sessionTimeout, "--session-timeout"),
                CampaignCommand.Durations.parse(orphanMinAge, "--orphan-min-age"));
    }

    @Override
    RuntimeSettings settings() {
        RunRole role = role(); // checked before anything starts
        new dev.tierpack.campaign.worker.GroupMembership(role.workerId(), role.sessionTimeout(), p -> { }, () -> { });
        return super.settings();
    }
}
