package dev.tierpack.loadbench;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.DirectorySink;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a load scenario: a baseline size first, then each measured size, every run in a fresh JVM
 * ({@link LoadChild}, heap capped by {@link Options#heap()}) so that peak RSS is per run; then the ratios of each run
 * to the baseline. For {@code narinfo}, an embedded Kafka broker in this process receives the work records (its CPU
 * and memory are not the lister's and are not counted); {@code full} and {@code verify} generate a cache with
 * {@link CacheGenerator} here (not measured) and run the campaign, resp. {@code packer verify --full}, with their own
 * embedded services inside the measured JVM.
 */
public final class LoadHarness {
    /**
     * @param scenario        what to measure
     * @param objects         measured sizes (narinfos; for full/verify, generator packages, about 1.3 store paths each)
     * @param baselineObjects the baseline size, run first
     * @param signed          narinfo: really sign every synthetic narinfo (slow) instead of a shaped Sig line
     * @param heap            the child JVMs' {@code -Xmx}, e.g. {@code 512m}
     * @param workDir         scratch (Kafka log, generated caches, state dirs, child logs); deleted unless keep
     * @param keep            keep the work dir
     * @param pageSize        narinfo: listing page size
     * @param concurrency     narinfo: narinfo GETs at a time
     */
    public record Options(Scenario scenario, List<Long> objects, long baselineObjects, boolean signed, String heap,
            Path workDir, boolean keep, int pageSize, int concurrency) {
        public Options {
            Objects.requireNonNull(scenario, "scenario");
            objects = List.copyOf(objects);
            if (objects.isEmpty() || objects.stream().anyMatch(n -> n < 1)) {
                throw new ConfigException("--objects needs positive counts", "objects", objects);
            }
            if (baselineObjects < 1) {
                throw new ConfigException("--baseline-objects must be positive", "baselineObjects", baselineObjects);
            }
            if (!heap.matches("[0-9]+[kmgKMG]?")) {
                throw new ConfigException("--heap must be a JVM size such as 512m", "heap", heap);
            }
            if (pageSize < 1 || concurrency < 1) {
                throw new ConfigException("--page-size and --concurrency must be positive", "pageSize", pageSize,
                        "concurrency", concurrency);
            }
        }
    }

    /** One run of the report, labelled {@code baseline} or {@code measured}. */
    public record Run(String label, RunResult result) {}

    private final Options options;
    private final PrintWriter out;

    public LoadHarness(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /** Runs everything and returns the report (see {@link #report}). */
    public Map<String, Object> run() throws IOException {
        Files.createDirectories(options.workDir());
        double load0 = loadAverage();
        List<Run> runs = new ArrayList<>();
        try {
            if (options.scenario() == Scenario.NARINFO) {
                try (EmbeddedKafka kafka = EmbeddedKafka.start(options.workDir().resolve("kafka"), 6)) {
                    runs.add(new Run("baseline", narinfo(kafka.bootstrapServers(), options.baselineObjects())));
                    for (long n : options.objects()) {
                        runs.add(new Run("measured", narinfo(kafka.bootstrapServers(), n)));
                    }
                }
            } else {
                runs.addAll(cacheRuns("baseline", options.baselineObjects()));
                for (long n : options.objects()) {
                    runs.addAll(cacheRuns("measured", n));
                }
            }
        } finally {
            if (!options.keep()) {
                delete(options.workDir());
            }
        }
        return report(options, runs, load0, loadAverage());
    }

    private RunResult narinfo(String bootstrap, long n) {
        return child("narinfo-" + n, List.of("narinfo", Long.toString(n), bootstrap, "bench-narinfo-" + n + "-" + System.nanoTime(),
                Boolean.toString(options.signed()), Integer.toString(options.pageSize()), Integer.toString(options.concurrency())));
    }

    /** full: generate, migrate; verify: generate, migrate (reported too), verify. */
    private List<Run> cacheRuns(String label, long packages) throws IOException {
        if (packages > Integer.MAX_VALUE) {
            throw new ConfigException("too many packages for the full cache generator", "objects", packages);
        }
        Path dir = options.workDir().resolve("full-" + packages);
        Path cache = dir.resolve("cache");
        Files.createDirectories(cache);
        GeneratedCache g = new CacheGenerator(new GeneratorSpec(42, (int) packages, 2, Set.of(), 0.3, 1.0, "bench.tierpack.dev-1"),
                SecretKey.generate("bench.tierpack.dev-1")).generate(new DirectorySink(cache));
        Path state = dir.resolve("state");
        List<Run> runs = new ArrayList<>();
        RunResult full = child("full-" + packages, List.of("full", Integer.toString(g.storePaths()), cache.toString(), state.toString()));
        runs.add(new Run(options.scenario() == Scenario.FULL ? label : label + "-migration", full));
        if (options.scenario() == Scenario.VERIFY) {
            runs.add(new Run(label, child("verify-" + packages, List.of("verify", Integer.toString(g.storePaths()), state.toString()))));
        }
        return runs;
    }

    private RunResult child(String name, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + options.heap(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), LoadChild.class.getName()));
        cmd.addAll(args);
        Path log = options.workDir().resolve(name + ".log");
        out.printf("run %s: %d objects in a fresh JVM (-Xmx%s) ...%n", name, Long.parseLong(args.get(1)), options.heap());
        out.flush();
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
            pb.environment().putIfAbsent("TIERPACK_LOG_LEVEL", "WARN");
            Process p = pb.start();
            p.getOutputStream().close();
            List<String> lines;
            try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                lines = r.lines().toList();
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            String result = lines.stream().filter(l -> l.startsWith(LoadChild.RESULT_PREFIX)).reduce((a, b) -> b).orElse(null);
            if (p.exitValue() != 0 || result == null) {
                List<String> tail = Files.readAllLines(log);
                throw new TierpackException("a measured run failed", "run", name, "exit", p.exitValue(),
                        "log", log, "logTail", String.join(" | ", tail.subList(Math.max(0, tail.size() - 15), tail.size())));
            }
            RunResult r = LoadChild.JSON.readValue(result.substring(LoadChild.RESULT_PREFIX.length()), RunResult.class);
            out.printf("  %s%n", line(r));
            out.flush();
            return r;
        } catch (IOException e) {
            throw new TierpackException("cannot run a measured JVM", e, "run", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TierpackException("interrupted", e, "run", name);
        }
    }

    static String line(RunResult r) {
        return String.format("%s: %d objects, %.1f s wall, %.1f s CPU, %.0f objects/s, %.0f objects/s per core, peak RSS %.1f MiB",
                r.scenario().id(), r.objects(), r.wallSeconds(), r.cpuSeconds(), r.objectsPerSecond(), r.objectsPerCoreSecond(),
                r.peakRssBytes() / 1048576.0);
    }

    /** The report: options, machine, runs with derived figures, and each measured run's ratios to the baseline. */
    static Map<String, Object> report(Options o, List<Run> runs, double load0, double load1) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", o.scenario().id());
        m.put("heap", o.heap());
        m.put("signedNarinfos", o.signed());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("loadAverageBefore", load0);
        m.put("loadAverageAfter", load1);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Run run : runs) {
            RunResult r = run.result();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", run.label());
            e.put("scenario", r.scenario().id());
            e.put("objects", r.objects());
            e.put("wallSeconds", r.wallSeconds());
            e.put("cpuSeconds", r.cpuSeconds());
            e.put("objectsPerSecond", r.objectsPerSecond());
            e.put("objectsPerCoreSecond", r.objectsPerCoreSecond());
            e.put("peakRssBytes", r.peakRssBytes());
            e.put("maxHeapBytes", r.maxHeapBytes());
            e.put("inProcess", new java.util.TreeMap<>(r.baseline()));
            Double duration = r.baseline().get("durationSeconds");
            if (duration != null && duration > 0) {
                // full/verify: the command's own duration, without the JVM's and embedded services' start-up
                e.put("commandObjectsPerSecond", r.objects() / duration);
                Double bytes = r.baseline().getOrDefault("narBytes", r.baseline().get("bytesRead"));
                if (bytes != null) {
                    e.put("commandMegabytesPerSecond", bytes / 1e6 / duration);
                }
            }
            if (run.label().startsWith("measured")) {
                // measured-migration (verify's full runs) against baseline-migration, measured against baseline
                String baseLabel = "baseline" + run.label().substring("measured".length());
                RunResult base = runs.stream().filter(b -> b.label().equals(baseLabel)).map(Run::result).findFirst().orElseThrow();
                Map<String, Object> ratio = new LinkedHashMap<>();
                ratio.put("baselineObjects", base.objects());
                ratio.put("peakRssVsBaseline", (double) r.peakRssBytes() / base.peakRssBytes());
                ratio.put("objectsPerCoreSecondVsBaseline", r.objectsPerCoreSecond() / base.objectsPerCoreSecond());
                Double bare = r.baseline().get("bareParseObjectsPerCoreSecond");
                if (r.scenario() == Scenario.NARINFO && bare != null) {
                    ratio.put("objectsPerCoreSecondVsBareParseLoop", r.objectsPerCoreSecond() / bare);
                }
                e.put("ratios", ratio);
            }
            list.add(e);
        }
        m.put("runs", list);
        return m;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
