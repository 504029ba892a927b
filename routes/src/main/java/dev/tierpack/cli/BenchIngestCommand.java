package dev.tierpack.cli;

import dev.tierpack.loadbench.LoadHarness;
import dev.tierpack.loadbench.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Load harness: ingest throughput (objects/s and objects/s per core) and peak RSS, every run in " +
                "a fresh JVM, with a baseline size run first and each run's ratios to it (and, for narinfo, to a " +
                "bare parse loop in the same JVM).",
                "narinfo: the lister path (list, read, parse, work records into an embedded Kafka) over synthetic " +
                "narinfos generated on the fly; full: a campaign of a generated cache (S3 server and Kafka in the " +
                "harness's JVM, not measured); verify: packer verify --full of it.",
                "Every measured JVM runs with Native Memory Tracking; the report has heap after GC and NMT " +
                "committed per category."},
        resourceBundle = "dev.tierpack.cli.BenchIngestCommand$Descriptions")
final class BenchIngestCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "narinfo|full|verify", description = "what to measure")
    String scenario;

    @Option(names = "--objects", required = true, split = ",", paramLabel = "N[,N...]",
            description = "measured sizes: narinfos (narinfo) or generator packages, ~1.3 store paths each (full, verify)")
    List<Long> objects;

    @Option(names = "--baseline-objects", paramLabel = "M", description = "baseline size, run first (default: the smallest N / 10)")
    Long baselineObjects;

    @picocli.CommandLine.Mixin ReportJsonOption reportJson;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "draw objects/s per core and peak RSS against the object count")
    Path plot;

    @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of each measured JVM (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--signed", description = "narinfo: sign every synthetic narinfo with Ed25519 (slow; default: a shaped Sig line)")
    boolean signed;

    @Option(names = "--page-size", defaultValue = "1000", description = "narinfo: listing page size (default: ${DEFAULT-VALUE})")
    int pageSize;

    @picocli.CommandLine.Mixin IngestOptions.Concurrency concurrency = new IngestOptions.Concurrency(LoadHarness.DEFAULT_CONCURRENCY);

    @picocli.CommandLine.Mixin IngestOptions.PackSize packSize = new IngestOptions.PackSize(LoadHarness.DEFAULT_PACK_SIZE);

    @Option(names = "--verify-concurrency", defaultValue = "" + LoadHarness.DEFAULT_VERIFY_CONCURRENCY, paramLabel = "N",
            description = "verify: packs verified at once (default: ${DEFAULT-VALUE}, as packer verify)")
    int verifyConcurrency;

    @Option(names = "--size-scale", defaultValue = "" + LoadHarness.DEFAULT_SIZE_SCALE, paramLabel = "F",
            description = "full, verify: generated file sizes factor, 1.0 = ~520 KB of NAR per store path (default: ${DEFAULT-VALUE})")
    double sizeScale;

    @Option(names = "--generator-threads", paramLabel = "N",
            description = "full, verify: threads generating the caches, not measured (default: the number of cores)")
    Integer generatorThreads;

    @picocli.CommandLine.Mixin IngestOptions.BatchSize batchSize = new IngestOptions.BatchSize(LoadHarness.DEFAULT_BATCH_SIZE);

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "full, verify: keep the generated caches here and reuse them in later invocations (same spec, same cache)")
    Path cacheDir;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "scratch directory (default: a new temporary directory)")
    Path workDir;

    @Option(names = "--keep", description = "keep the scratch directory (Kafka log, caches, state, child logs)")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Scenario s;
        try {
            s = Scenario.valueOf(scenario.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.tierpack.core.error.ConfigException("unknown scenario (narinfo, full or verify)", "scenario", scenario);
        }
        long base = baselineObjects != null ? baselineObjects
                : Math.max(1, objects.stream().mapToLong(Long::longValue).min().orElse(10) / 10);
        Path dir = workDir != null ? workDir : Files.createTempDirectory("tierpack-bench-");
        var out = spec.commandLine().getOut();
        Map<String, Object> report = new LoadHarness(new LoadHarness.Options(s, objects, base, signed, heap, dir, keep,
                pageSize, concurrency.reads, packSize.text, verifyConcurrency, sizeScale,
                generatorThreads != null ? generatorThreads : Runtime.getRuntime().availableProcessors(),
                batchSize.storePaths, cacheDir),
                out).run();
        out.println(summary(report));
        reportJson.write(report);
        if (plot != null) {
            dev.tierpack.loadbench.LoadPlot.write(report, plot);
        }
        return ExitCode.OK;
    }

    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> report) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("scenario %s, %s cores, load average %.2f -> %.2f, -Xmx%s%n", report.get("scenario"),
                report.get("cores"), (Double) report.get("loadAverageBefore"), (Double) report.get("loadAverageAfter"),
                report.get("heap")));
        sb.append(String.format("%-20s %10s %12s %16s %14s  %s%n", "run", "objects", "objects/s", "objects/s/core", "peak RSS MiB", "ratios"));
        for (Map<String, Object> r : (List<Map<String, Object>>) report.get("runs")) {
            Object ratios = r.getOrDefault("ratios", "");
            sb.append(String.format("%-20s %10d %12.0f %16.0f %14.1f  %s%n", r.get("label"), (Long) r.get("objects"),
                    (Double) r.get("objectsPerSecond"), (Double) r.get("objectsPerCoreSecond"),
                    (Long) r.get("peakRssBytes") / 1048576.0, ratios));
        }
        return sb.toString().stripTrailing();
    }

    /**
     * How the shared ingest options ({@link IngestOptions}) read here: which scenarios use them, and what the
     * baseline needs of them.
     */
    public static final class Descriptions extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][] {
                    {"concurrency", "narinfo: narinfo reads at a time (default: ${DEFAULT-VALUE})"},
                    {"pack-size", "full, verify: the campaign's target pack size (default: ${DEFAULT-VALUE}; the "
                            + "baseline must fill more packs than --verify-concurrency)"},
                    {"batch-size", "full, verify: store paths per committed batch (default: ${DEFAULT-VALUE}; the "
                            + "baseline must fill several batches)"},
            };
        }
    }
}
