package dev.tierpack.cli;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.RuntimeMapping;
import dev.tierpack.campaign.placement.Explanation;
import dev.tierpack.campaign.replace.ReplaceContext;
import dev.tierpack.campaign.replace.ReplacePlan;
import dev.tierpack.campaign.replace.ReplaceResult;
import dev.tierpack.campaign.replace.ReplaceRunner;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.cost.Money;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tierpack replace}: re-placement of a migrated campaign after its placement inputs changed. */
@Command(name = "replace", mixinStandardHelpOptions = true,
        description = "Re-placement: moves store paths between the tiers after the campaign file's placement inputs " +
                "changed.",
        subcommands = {ReplaceCommand.Plan.class, ReplaceCommand.Run.class})
final class ReplaceCommand extends CommandGroup {

    /** Options of both subcommands. */
    static final class Options {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "the campaign file: its placement inputs as they are now, tiers, Kafka, budget, prices")
        Path config;

        @Option(names = "--restore-tier", defaultValue = "bulk", paramLabel = "bulk|standard|expedited",
                description = "retrieval tier of the restores (default: ${DEFAULT-VALUE}; expedited is GLACIER only)")
        String restoreTier;

        @picocli.CommandLine.Mixin RestoreOptions.Days days;

        @picocli.CommandLine.Mixin ReportJsonOption reportJson;

        RuntimeSettings settings() {
            return RuntimeMapping.settings(CampaignConfig.load(config));
        }

        ReplaceRunner runner(ReplaceContext ctx) {
            return new ReplaceRunner(ctx, ctx.settings.placement(), RestoreBudget.tier("--restore-tier", restoreTier),
                    days.restoreDays, Clock.systemUTC());
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Recomputes the hot set with the campaign file's current placement inputs and compares it with where " +
                    "each catalogued store path's data is: paths turning hot (the cold packs to restore for them, bytes, " +
                    "restore cost and time per retrieval tier), paths turning cold (chunks that could leave warm packs), " +
                    "and the cost of doing it with the campaign's price table. Writes nothing.")
    static final class Plan extends Step<ReplacePlan> {
        Plan() {
            super(ReplaceContext::forPlan, ReplaceRunner::plan, ReplaceCommand::print);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Re-places the campaign: cold → warm first (restores the cold packs paths turning hot need, then " +
                    "copies their cold-only chunks into new warm packs and marks them warm), then warm → cold (copies the " +
                    "chunks no hot path needs into new cold packs and marks those paths cold). Budgeted like the campaign " +
                    "and priced into its ledger topic. Resumable: while restores are pending it ends with state 'waiting: " +
                    "restore', at the budget cap with 'paused: budget' (exit 0 both); run it again.")
    static final class Run extends Step<ReplaceResult> {
        Run() {
            super(ReplaceContext::forRun, ReplaceRunner::run, ReplaceCommand::printResult);
        }
    }

    /**
     * One subcommand: opens the context ({@code open}), lets the runner compute the report ({@code compute}), prints
     * it and writes it as JSON with {@code --report-json}; exit status 0 (errors are mapped by {@link Main}).
     */
    abstract static class Step<R> implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @picocli.CommandLine.Mixin Options options;

        private final Function<RuntimeSettings, ReplaceContext> open;
        private final Compute<R> compute;
        private final BiConsumer<PrintWriter, R> print;

        Step(Function<RuntimeSettings, ReplaceContext> open, Compute<R> compute, BiConsumer<PrintWriter, R> print) {
            this.open = open;
            this.compute = compute;
            this.print = print;
        }

        @Override
        public final Integer call() throws Exception {
            try (ReplaceContext ctx = open.apply(options.settings())) {
                R report = compute.apply(options.runner(ctx));
                PrintWriter out = spec.commandLine().getOut();
                print.accept(out, report);
                out.flush();
                options.reportJson.write(report);
                return ExitCode.OK;
            }
        }

        /** What a subcommand asks of the runner. */
        @FunctionalInterface
        interface Compute<R> {
            R apply(ReplaceRunner runner) throws IOException;
        }
    }

    static void printResult(PrintWriter out, ReplaceResult r) {
        print(out, r.plan());
        var rs = r.restore();
        out.printf(Locale.ROOT, "restores (%s): started=%d inProgress=%d available=%d pending=%d costUsd=%s%s%n",
                rs.tier().toLowerCase(Locale.ROOT), rs.started(), rs.inProgress(), rs.available(),
                rs.pending().size(), rs.costUsd().stripTrailingZeros().toPlainString(),
                rs.eta().isEmpty() ? "" : " eta=" + rs.eta());
        out.printf(Locale.ROOT, "moved: %d paths warm (%d chunks, %d warm packs), %d paths cold (%d chunks, %d cold packs)%n",
                r.warmed(), r.chunksToWarm(), r.warmPacks(), r.cooled(), r.chunksToCold(), r.coldPacks());
        out.printf(Locale.ROOT, "spent: %s (campaign ledger)%n", Money.format(r.spentUsd()));
        out.println("state: " + r.state());
    }

    static void print(PrintWriter out, ReplacePlan p) {
        out.printf(Locale.ROOT, "replace plan for campaign %s: %,d store paths, %,d hot under the current placement%n",
                p.campaign(), p.storePaths(), p.hot());
        long bytes = p.toWarm().stream().mapToLong(ReplacePlan.PathMove::bytes).sum();
        out.printf(Locale.ROOT, "  turning hot (cold -> warm): %d paths, %s of cold-only chunks in %d cold packs (%s to restore)%n",
                p.toWarm().size(), Reports.bytes(bytes), p.coldPacks().size(), Reports.bytes(p.coldPackBytes()));
        for (ReplacePlan.PathMove m : p.toWarm()) {
            out.printf(Locale.ROOT, "    %s  %s, %d chunks (%s), %d packs%n", m.storePath(), m.rule(), m.chunks(),
                    Reports.bytes(m.bytes()), m.packs().size());
        }
        for (Explanation.RestoreOption r : p.restore()) {
            out.printf(Locale.ROOT, "    restore %-9s $%s, within %s%n", r.retrieval(), r.costUsd().toPlainString(), r.within());
        }
        long coldBytes = p.toCold().stream().mapToLong(ReplacePlan.PathMove::bytes).sum();
        out.printf(Locale.ROOT, "  turning cold (warm -> cold): %d paths, %s of chunks no hot path needs could leave warm packs%n",
                p.toCold().size(), Reports.bytes(coldBytes));
        for (ReplacePlan.PathMove m : p.toCold()) {
            out.printf(Locale.ROOT, "    %s  %s, %d chunks (%s)%n", m.storePath(), m.rule(), m.chunks(), Reports.bytes(m.bytes()));
        }
        var c = p.cost();
        out.printf(Locale.ROOT, "  cost: restore (%s) %s, cold GETs %s, warm PUTs %s, cold PUTs %s, total %s%n",
                c.retrievalTier().toLowerCase(Locale.ROOT), Money.format(c.restoreUsd()), Money.format(c.coldGetUsd()),
                Money.format(c.warmPutUsd()), Money.format(c.coldPutUsd()), Money.format(c.totalUsd()));
    }
}
