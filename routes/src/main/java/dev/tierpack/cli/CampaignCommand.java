package dev.tierpack.cli;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.RuntimeMapping;
import dev.tierpack.campaign.ledger.LedgerStatus;
import dev.tierpack.campaign.metrics.MetricsServer;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.campaign.runtime.CampaignControl;
import dev.tierpack.campaign.runtime.CampaignReport;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.runtime.CampaignStatus;
import dev.tierpack.campaign.runtime.RunLock;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.kafka.EmbeddedKafka;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tierpack campaign}: the parent of the campaign subcommands. Other subcommands ({@code plan}) are added by
 * listing their class in {@code subcommands}.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Campaigns: migrate a whole binary cache with Kafka-tracked progress that survives any crash.",
        subcommands = {CampaignCommand.Run.class, CampaignCommand.Status.class, CampaignPlanCommand.class,
                CampaignWorkerCommand.class, CampaignListCommand.class})
final class CampaignCommand extends CommandGroup {

    /** Options naming a campaign and where its Kafka is. */
    static final class CampaignOptions {
        @Option(names = "--name", defaultValue = "demo", paramLabel = "NAME",
                description = "campaign name: names its Kafka topics and local state (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--kafka-bootstrap", defaultValue = RuntimeSettings.EMBEDDED, paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers, or 'embedded' for the broker under the state dir (default: ${DEFAULT-VALUE})")
        String kafka;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs a campaign until the listing is complete and every store path is committed, or until " +
                    "stopped (Ctrl-C: the store path at hand is finished and what is done committed). Run it " +
                    "again after any stop or crash: it resumes where the last committed batch ended; nothing is " +
                    "stored or counted twice.",
                    "Exit status 0 when complete (1 if store paths were quarantined), 3 when it stopped early."})
    static class Run implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin StateDirOption state;
        @Mixin CampaignOptions campaign;

        @Option(names = "--config", paramLabel = "FILE",
                description = "the campaign file (YAML, see README 'Configuration'): name, source, state dir, Kafka, " +
                        "tiers, budget, limits, concurrency, packing, prices; given as well, --state-dir, " +
                        "--kafka-bootstrap, --partitions, --batch-size, --max-batch-age and --pack-size override " +
                        "it")
        Path config;

        // Settings given one by one, or the campaign file (--config): both build RuntimeSettings, see settings().
        @Option(names = "--source", paramLabel = "URI",
                description = "file:///path or s3://bucket/prefix?… (see source ls --help); default: the embedded S3 " +
                        "server's demo bucket, generated on first use")
        String source;

        @Option(names = "--demo-packages", defaultValue = "24", paramLabel = "N",
                description = "without --source: packages of the generated demo cache (default: ${DEFAULT-VALUE})")
        int demoPackages;

        @Option(names = "--demo-bumps", defaultValue = "6", paramLabel = "N",
                description = "without --source: channel bumps of the generated demo cache (default: ${DEFAULT-VALUE})")
        int demoBumps;

        @Mixin IngestOptions.BatchSize batchSize;

        @Option(names = "--max-batch-age", defaultValue = "30s", paramLabel = "DURATION",
                description = "how long a batch waits for more work records, e.g. 500ms, 30s, 2m (default: ${DEFAULT-VALUE})")
        String maxBatchAge;

        @Mixin IngestOptions.PackSize packSize;

        @Option(names = "--partitions", defaultValue = "" + RuntimeSettings.DEFAULT_PARTITIONS, paramLabel = "N",
                description = "partitions of the work topic when it is created (default: ${DEFAULT-VALUE})")
        int partitions;

        @Option(names = "--list-page-size", defaultValue = "" + RuntimeSettings.DEFAULT_LIST_PAGE_SIZE, paramLabel = "N",
                description = "keys per listing request, 1..1000 (default: ${DEFAULT-VALUE})")
        int listPageSize;

        @Mixin IngestOptions.Concurrency concurrency;

        @Option(names = "--tier-endpoint", paramLabel = "URL",
                description = {"an S3-compatible server holding the warm and cold buckets (--warm-bucket, --cold-bucket)",
                        "instead of the embedded one; needs --tier-credentials-file"})
        URI tierEndpoint;

        @Option(names = "--tier-credentials-file", paramLabel = "FILE",
                description = "properties file with accessKey= and secretKey= for --tier-endpoint")
        Path tierCredentials;

        @Option(names = "--warm-bucket", defaultValue = "tierpack-warm", paramLabel = "BUCKET",
                description = "warm bucket on --tier-endpoint (default: ${DEFAULT-VALUE})")
        String warmBucket;

        @Option(names = "--cold-bucket", defaultValue = "tierpack-cold", paramLabel = "BUCKET",
                description = "cold bucket on --tier-endpoint (default: ${DEFAULT-VALUE})")
        String coldBucket;

        @Mixin ReportJsonOption reportJson;

        @Option(names = "--quiet", description = "no progress line, logs only")
        boolean quiet;

        @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
                description = "serve Prometheus metrics at http://HOST:PORT/metrics while the campaign runs")
        String metricsListen;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** The lister and the only worker; {@code campaign worker} and {@code campaign list} run one of them. */
        dev.tierpack.campaign.runtime.RunRole role() {
            return dev.tierpack.campaign.runtime.RunRole.SINGLE;
        }

        RuntimeSettings settings() {
            if (config != null) {
                return ConfigOverrides.settings(this, config);
            }
            return settingsFromOptions();
        }

        RuntimeSettings settingsFromOptions() {
            RuntimeSettings.SourceChoice src = source == null
                    ? new RuntimeSettings.SourceChoice.EmbeddedDemo(RuntimeSettings.SourceChoice.EmbeddedDemo.DEFAULT.bucket(),
                            demoPackages, demoBumps)
                    : new RuntimeSettings.SourceChoice.Uri(SourceUri.parse(source));
            RuntimeSettings s = RuntimeSettings.defaults(campaign.name, src, state.stateDir)
                    .withKafka(campaign.kafka)
                    .withPartitions(partitions)
                    .withBatching(batchSize.storePaths, Durations.parse(maxBatchAge, "--max-batch-age"))
                    .withListing(listPageSize, RuntimeSettings.DEFAULT_LIST_INTERVAL, concurrency.reads)
                    .withPackSize(packSize.bytes());
            if (tierEndpoint != null) {
                if (tierCredentials == null) {
                    throw new ConfigException("--tier-endpoint needs --tier-credentials-file");
                }
                TierCredentials creds = new TierCredentials.KeyFile(tierCredentials);
                s = s.withTiers(
                        new RuntimeSettings.TierChoice.Spec(new TierSpec.S3("warm", warmBucket, null, "us-east-1",
                                tierEndpoint, null, creds)),
                        new RuntimeSettings.TierChoice.Spec(new TierSpec.S3("cold", coldBucket, null, "us-east-1",
                                tierEndpoint, "DEEP_ARCHIVE", creds)));
            }
            return s;
        }

        @Override
        public Integer call() throws Exception {
            RuntimeSettings settings = settings();
            CountDownLatch finished = new CountDownLatch(1);
            try {
                return runCampaign(settings, finished);
            } finally {
                finished.countDown();
            }
        }

        /**
         * Runs until the campaign ends. On Ctrl-C (SIGINT or SIGTERM) the shutdown hook asks the runtime to stop and
         * waits until this method has finished, so the summary and the report are still written.
         */
        private int runCampaign(RuntimeSettings settings, CountDownLatch finished) throws Exception {
            CampaignRuntime.Result result;
            Thread hook = null;
            try (CampaignRuntime runtime = CampaignRuntime.open(settings, BudgetHook.NONE, role());
                    MetricsServer metricsServer = metricsListen == null ? null
                            : MetricsServer.start(metricsListen, runtime.metrics())) {
                var rec = runtime.recovery();
                if (!rec.nothingToDo()) {
                    out().printf(Locale.ROOT, "recovered from an interrupted run: %d pack(s) reused, %d orphan pack(s) deleted, %d problem(s)%n",
                            rec.reused().size(), rec.orphans().size(), rec.problems().size());
                    out().flush();
                }
                hook = new Thread(() -> {
                    runtime.requestStop();
                    try {
                        finished.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "tierpack-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                ProgressLine line = quiet ? null : ProgressLine.start(runtime::snapshot, out());
                try {
                    result = runtime.run();
                } finally {
                    if (line != null) {
                        line.close();
                    }
                }
            }
            CampaignReport r = result.report();
            printSummary(out(), r);
            out().flush();
            reportJson.write(r);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook waits for this method to return
            }
            return switch (result.ending().state()) {
                case COMPLETE -> r.quarantined() > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
                case PAUSED -> ExitCode.OK;
                case STOPPED, FAILED -> ExitCode.FAILED;
            };
        }

        static void printSummary(PrintWriter out, CampaignReport r) {
            out.printf(Locale.ROOT, "campaign %s: %s%n", r.campaign(), r.state());
            out.printf(Locale.ROOT, "  source: %,d objects (%s) listed%s, %,d narinfos%n", r.sourceObjects(),
                    Reports.bytes(r.sourceBytes()), r.listingComplete() ? " (complete)" : " so far", r.narinfos());
            out.printf(Locale.ROOT, "  store paths: %,d published (%s of NAR), %,d quarantined%n", r.storePaths(),
                    Reports.bytes(r.narBytes()), r.quarantined());
            for (String tier : r.storedBytes().keySet()) {
                out.printf(Locale.ROOT, "  %s tier: %,d objects, %s%n", tier, r.objectsWritten().get(tier),
                        Reports.bytes(r.storedBytes().get(tier)));
            }
            if (r.cost() != null) {
                var budget = r.cost().budget();
                out.printf(Locale.ROOT, "  cost: %s spent by the campaign, %s this month; budget: %s%s%n",
                        dev.tierpack.core.cost.Money.format(budget.spentUsd()),
                        dev.tierpack.core.cost.Money.format(budget.spentThisMonthUsd()), budget.state(),
                        budget.monthlyCapUsd() == null ? "" : " (cap " + dev.tierpack.core.cost.Money.format(budget.monthlyCapUsd()) + "/month)");
            }
            CampaignReport.Run run = r.run();
            out.printf(Locale.ROOT, "  this run: %,d batches, %,d store paths, %,d packs (%s), %,d skipped, %.1f s%n",
                    run.batches(), run.storePaths(), run.packs(), Reports.bytes(run.packBytes()), run.skipped(),
                    r.durationSeconds());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows a campaign's progress as Kafka records it (listing, published, quarantined, lag), whether or not a run is active.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin StateDirOption state;
        @Mixin CampaignOptions campaign;

        @Option(names = "--json", description = "print the status as JSON")
        boolean json;

        @Option(names = "--config", paramLabel = "FILE",
                description = "the campaign file: its name, state dir and Kafka (instead of --name, --state-dir, --kafka-bootstrap)")
        Path config;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (config != null) {
                ConfigOptions.rejectWithConfig(spec, "--name", "--kafka-bootstrap", "--state-dir");
                RuntimeSettings s = RuntimeMapping.settings(CampaignConfig.load(config));
                budget = s.cost().budget().orElse(null);
                state.stateDir = s.stateDir();
                campaign.name = s.campaign();
                campaign.kafka = s.kafkaBootstrap();
            }
            Path stateDir = state.stateDir.toAbsolutePath().normalize();
            CampaignTopics topics = new CampaignTopics(campaign.name);
            boolean active = RunLock.isHeld(stateDir.resolve("campaigns").resolve(campaign.name));
            CampaignStatus status;
            LedgerStatus spend = null;
            if (!RuntimeSettings.EMBEDDED.equals(campaign.kafka)) {
                status = CampaignStatus.read(campaign.kafka, topics, active);
                spend = status.exists() ? readLedger(campaign.kafka, topics) : null;
            } else if (active) {
                String bootstrap = EmbeddedKafka.lastBootstrap(stateDir.resolve("kafka"))
                        .orElseThrow(() -> new ConfigException("no embedded Kafka under the state dir", "dir", stateDir));
                status = CampaignStatus.read(bootstrap, topics, true);
                spend = status.exists() ? readLedger(bootstrap, topics) : null;
            } else {
                try (EmbeddedKafka kafka = EmbeddedKafka.start(stateDir.resolve("kafka"), RuntimeSettings.DEFAULT_PARTITIONS)) {
                    status = CampaignStatus.read(kafka.bootstrapServers(), topics, false);
                    spend = status.exists() ? readLedger(kafka.bootstrapServers(), topics) : null;
                }
            }
            if (json) {
                out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(status));
                return ExitCode.OK;
            }
            out.printf(Locale.ROOT, "campaign %s: %s%n", status.campaign(),
                    !status.exists() ? "never run" : status.active() ? "a run is active" : "no run active");
            if (!status.exists()) {
                return ExitCode.OK;
            }
            var l = status.listing();
            out.printf(Locale.ROOT, "  listing: %s; %,d objects (%s), %,d narinfos, %,d store paths listed, %,d quarantined while listing%n",
                    l.complete() ? "complete" : "in progress", l.objects(), Reports.bytes(l.bytes()), l.narinfos(),
                    l.workRecords(), l.quarantined());
            var t = status.totals();
            out.printf(Locale.ROOT, "  published: %,d store paths (%s of NAR), quarantined: %,d, batches: %,d%n",
                    t.published(), Reports.bytes(t.narBytes()), t.quarantined(), t.batches());
            StringBuilder lag = new StringBuilder();
            for (CampaignStatus.Lag p : status.lag()) {
                lag.append(lag.isEmpty() ? "" : ", ").append(p.partition()).append(": ").append(p.exact() ? "" : "<=").append(p.lag());
            }
            out.printf(Locale.ROOT, "  work not yet committed: %,d (per partition %s)%n", status.totalLag(), lag);
            printSpend(out, spend, budget);
            return ExitCode.OK;
        }

        private dev.tierpack.core.cost.Budget budget;

        private static LedgerStatus readLedger(String bootstrap, CampaignTopics topics) {
            return LedgerStatus.read(bootstrap, topics, java.time.Clock.systemUTC(), Duration.ofMinutes(1));
        }

        /** {@code spent: $X in all, $Y this month; cap $Z/month; state: paused: budget …} from the ledger. */
        static void printSpend(PrintWriter out, LedgerStatus s, dev.tierpack.core.cost.Budget budget) {
            if (s == null) {
                return;
            }
            String cap = budget != null ? dev.tierpack.core.cost.Money.format(budget.monthlyCapUsd()) + "/month"
                    + budget.totalCap().map(t -> ", " + dev.tierpack.core.cost.Money.format(t) + " in all").orElse("")
                    : s.lastRun().filter(b -> b.monthlyCapUsd() != null)
                            .map(b -> dev.tierpack.core.cost.Money.format(b.monthlyCapUsd()) + "/month (last run)")
                            .orElse("none");
            String state = s.lastRun().map(b -> b.message().isEmpty() ? b.state() : b.message()).orElse("no run ended yet");
            out.printf(Locale.ROOT, "  spent: %s in all, %s this month (%,d ledger entries); cap: %s; budget state: %s%n",
                    dev.tierpack.core.cost.Money.format(s.spentUsd()), dev.tierpack.core.cost.Money.format(s.spentThisMonthUsd()),
                    s.entries(), cap, state);
        }
    }

    /** Durations like {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    static final class Durations {
        private static final Pattern P = Pattern.compile("(\\d+)(ms|s|m|h)");

        static Duration parse(String text, String option) {
            Matcher m = P.matcher(text.strip());
            if (!m.matches()) {
                throw new ConfigException("invalid duration (e.g. 500ms, 30s, 2m)", "option", option, "value", text);
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }

    /** Sizes like {@code 512m}, {@code 256k}, {@code 1g} or plain bytes. */
    static final class Sizes {
        private static final Pattern P = Pattern.compile("(\\d+)([kmg]?)", Pattern.CASE_INSENSITIVE);

        static long parse(String text, String option) {
            Matcher m = P.matcher(text.strip());
            if (!m.matches()) {
                throw new ConfigException("invalid size (e.g. 512m, 256k)", "option", option, "value", text);
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> n << 10;
                case "m" -> n << 20;
                case "g" -> n << 30;
                default -> n;
            };
        }
    }
}
