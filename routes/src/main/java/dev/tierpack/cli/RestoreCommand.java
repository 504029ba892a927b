package dev.tierpack.cli;

import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.tier.RestoreStatus;
import dev.tierpack.manifests.restore.ColdRestorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores the cold packs that store paths need (RestoreObject), within the monthly restore cap, "
                + "and reports per store path the packs, their state, the cost and the ETA. Store paths already "
                + "restored or being restored cost nothing more. With --wait, polls until every pack is readable.",
                "Spending is recorded in STATE_DIR/restores/ledger.jsonl, or with --campaign-config in the campaign's ledger topic. Exit 1 if the restore cap refuses the restore."})
final class RestoreCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ReadBackOptions options;

    @Parameters(arity = "1..*", paramLabel = "STORE_PATH", description = "store paths, base names or hash parts")
    List<String> storePaths;

    @Option(names = "--tier", paramLabel = "bulk|standard|expedited", defaultValue = "bulk",
            description = "retrieval tier (default: ${DEFAULT-VALUE}; expedited is GLACIER only)")
    String tier;

    @Option(names = "--days", defaultValue = "7", description = "days restored copies stay readable (default: ${DEFAULT-VALUE})")
    int days;

    @Mixin RestoreOptions.Cap restoreCap;

    @Mixin RestoreOptions.CampaignLedger campaignLedger;

    @Option(names = "--wait", description = "poll until every pack is readable")
    boolean await;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "time between polls with --wait, ISO-8601 (default: ${DEFAULT-VALUE})")
    String pollInterval;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", defaultValue = "PT72H",
            description = "give up waiting after this long, ISO-8601 (default: ${DEFAULT-VALUE}); exit 3")
    String waitTimeout;

    @Override
    public Integer call() throws Exception {
        RestoreTier restoreTier = RestoreBudget.tier("--tier", tier);
        Duration poll = duration("--poll-interval", pollInterval);
        Duration timeout = duration("--wait-timeout", waitTimeout);
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (CommandTiers session = options.open();
                RestoreBudget.Ledger ledger = RestoreBudget.ledger(session.stateDir(), campaignLedger.file, "restore")) {
            ColdRestorer restorer = RestoreBudget.restorer(session, ledger, restoreCap.usd, clock);
            List<ColdRestorer.PathNeeds> needs = restorer.plan(storePaths);
            List<String> packs = ColdRestorer.packsOf(needs);
            ColdRestorer.Outcome outcome = restorer.restore(packs, restoreTier, days);
            Map<String, RestoreStatus> statuses = restorer.statuses(packs);
            for (ColdRestorer.PathNeeds n : needs) {
                List<RestoreStatus> mine = n.packs().stream().map(statuses::get).toList();
                String state = n.packs().isEmpty() ? "warm" : ColdRestorer.overall(mine).word();
                out.printf("%s: %s, %d cold packs, %d bytes%n", n.storePath(), state, n.packs().size(),
                        mine.stream().mapToLong(RestoreStatus::size).sum());
            }
            if (outcome.wasRefused()) {
                out.println("restore refused: " + outcome.refused().get().message());
                out.flush();
                return ExitCode.PROBLEMS;
            }
            out.printf("restores: started=%d inProgress=%d available=%d bytes=%d tier=%s days=%d costUsd=%s%n",
                    outcome.started().size(), outcome.alreadyInProgress().size(), outcome.alreadyAvailable().size(),
                    outcome.restoredBytes(), restoreTier.name().toLowerCase(java.util.Locale.ROOT), days,
                    outcome.costUsd().stripTrailingZeros().toPlainString());
            RestoreStatus.State overall = ColdRestorer.overall(statuses.values());
            out.println("eta: " + (overall == RestoreStatus.State.AVAILABLE || overall == RestoreStatus.State.NOT_ARCHIVED
                    ? "available now"
                    : outcome.eta().map(Instant::toString).orElse("unknown (restores requested by an earlier run)")));
            out.flush();
            if (!await) {
                return ExitCode.OK;
            }
            Instant giveUp = Instant.now().plus(timeout);
            while (true) {
                overall = ColdRestorer.overall(restorer.statuses(packs).values());
                if (overall == RestoreStatus.State.AVAILABLE || overall == RestoreStatus.State.NOT_ARCHIVED) {
                    out.println("available: every pack is readable");
                    out.flush();
                    return ExitCode.OK;
                }
                if (overall == RestoreStatus.State.ARCHIVED) {
                    out.println("a restored copy expired or a restore was lost; run restore again");
                    out.flush();
                    return ExitCode.PROBLEMS;
                }
                if (Instant.now().isAfter(giveUp)) {
                    out.println("still in progress after " + timeout + "; rerun with --wait to keep waiting");
                    out.flush();
                    return ExitCode.FAILED;
                }
                Thread.sleep(poll.toMillis());
            }
        }
    }

    private static Duration duration(String option, String value) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw new ConfigException("duration must be positive", "option", option, "value", value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ConfigException("not an ISO-8601 duration", "option", option, "value", value);
        }
    }
}
