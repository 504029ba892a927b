package dev.tierpack.loadbench;

import dev.tierpack.core.embedded.EmbeddedS3;
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
 * to the baseline. An embedded Kafka broker in this process receives the work records, and for {@code full} and
 * {@code verify} an embedded S3 server in this process holds the tiers (their CPU and memory are not the worker's and
 * are not counted; each cache gets its own campaign name and buckets); {@code full} and {@code verify} generate a cache
 * with {@link CacheGenerator} here (not measured, on {@link Options#generatorThreads()} threads) and run the campaign,
 * resp. {@code packer verify --full}'s audit, against them. Children run with Native Memory Tracking (summary).
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
     * @param packSize        full/verify: the campaign's target pack size, e.g. {@code 4m}
     * @param verifyConcurrency verify: packs verified at once
     * @param sizeScale       full/verify: the generator's file size factor (1.0: ~520 KB of NAR per store path)
     * @param generatorThreads full/verify: threads generating the caches (not measured)
     * @param batchSize       full/verify: store paths per committed batch
     * @param cacheDir        full/verify: where generated caches are kept and reused by later invocations (the same
     *                        spec always yields the same cache), or null to generate them in the work dir
     */
    public record Options(Scenario scenario, List<Long> objects, long baselineObjects, boolean signed, String heap,
            Path workDir, boolean keep, int pageSize, int concurrency, String packSize, int verifyConcurrency,
            double sizeScale, int generatorThreads, int batchSize, Path cacheDir) {
        public Options(Scenario scenario, List<Long> objects, long baselineObjects, boolean signed, String heap,
                Path workDir, boolean keep, int pageSize, int concurrency) {
            this(scenario, objects, baselineObjects, signed, heap, workDir, keep, pageSize, concurrency, DEFAULT_PACK_SIZE,
                    DEFAULT_VERIFY_CONCURRENCY, DEFAULT_SIZE_SCALE, Runtime.getRuntime().availableProcessors(),
                    DEFAULT_BATCH_SIZE, null);
        }

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
            if (!packSize.matches("[0-9]+[kmgKMG]?")) {
                throw new ConfigException("--pack-size must be a size such as 4m", "packSize", packSize);
            }
            if (verifyConcurrency < 1 || generatorThreads < 1 || batchSize < 1) {
                throw new ConfigException("--verify-concurrency, --generator-threads and --batch-size must be positive",
                        "verifyConcurrency", verifyConcurrency, "generatorThreads", generatorThreads, "batchSize", batchSize);
            }
            if (!(sizeScale > 0 && sizeScale <= 1000)) {
                throw new ConfigException("--size-scale must be within (0, 1000]", "sizeScale", sizeScale);
            }
        }
    }

    /**
     * Default pack size of the full and verify runs: small enough that the baseline cache (100 packages, 165 store
     * paths, ~9 MB stored at the default size scale) fills more packs than verify checks at once, so that a larger
     * cache cannot use more verify concurrency than the baseline did.
     */
    public static final String DEFAULT_PACK_SIZE = "1m";
    /**
     * Default batch size of the full runs: what a batch holds in memory (its work records, manifests and catalog
     * entries) is bounded by the batch size, so the baseline must fill several batches, or a larger cache would only
     * measure fuller batches (the campaign default, 500, is more than the baseline's store paths).
     */
    public static final int DEFAULT_BATCH_SIZE = 50;
    /** {@code packer verify}'s default. */
    public static final int DEFAULT_VERIFY_CONCURRENCY = 4;
    /** Default narinfo reads at a time of the narinfo runs. */
    public static final int DEFAULT_CONCURRENCY = 16;
    /**
     * ~130 KB of NAR per store path on average: more store paths (and their per-path state) per generated byte, the
     * thing whose memory must not grow; xz-compressing the NARs is what makes generating a cache slow.
     */
    public static final double DEFAULT_SIZE_SCALE = 0.25;

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
                try (EmbeddedKafka kafka = EmbeddedKafka.start(options.workDir().resolve("kafka"), 6);
                        EmbeddedS3 s3 = EmbeddedS3.start(options.workDir().resolve("s3"), 0)) {
                    Services services = new Services(kafka.bootstrapServers(), s3);
                    runs.addAll(cacheRuns(services, "baseline", options.baselineObjects()));
                    for (long n : options.objects()) {
                        runs.addAll(cacheRuns(services, "measured", n));
                    }
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

    /** The Kafka broker and the S3 server of the tiers, in this process. */
    private record Services(String bootstrap, EmbeddedS3 s3) {
        Path credentials() {
            return s3.dataDir().resolve("credentials.properties");
        }
    }

    /** full: generate, migrate; verify: generate, migrate (reported too), verify. */
    private List<Run> cacheRuns(Services services, String label, long packages) throws IOException {
        if (packages > Integer.MAX_VALUE) {
            throw new ConfigException("too many packages for the full cache generator", "objects", packages);
        }
        Path dir = options.workDir().resolve("full-" + packages);
        Files.createDirectories(dir);
        GeneratedCache g = cache(packages);
        Path cache = cacheHome(packages);
        Path state = dir.resolve("state");
        String warm = "warm-" + packages;
        String cold = "cold-" + packages;
        services.s3().createBucketIfMissing(warm);
        services.s3().createBucketIfMissing(cold);
        String endpoint = services.s3().endpoint().toString();
        String creds = services.credentials().toString();
        List<Run> runs = new ArrayList<>();
        RunResult full = child("full-" + packages, List.of("full", Integer.toString(g.storePaths()), cache.toString(),
                state.toString(), services.bootstrap(), "bench-" + packages, endpoint, creds, warm, cold, options.packSize(),
                Integer.toString(options.batchSize())));
        runs.add(new Run(options.scenario() == Scenario.FULL ? label : label + "-migration", full));
        if (options.scenario() == Scenario.VERIFY) {
            runs.add(new Run(label, child("verify-" + packages, List.of("verify", Integer.toString(g.storePaths()),
                    state.toString(), endpoint, creds, warm, cold, Integer.toString(options.verifyConcurrency())))));
        }
        return runs;
    }

    private GeneratorSpec spec(long packages) {
        return new GeneratorSpec(42, (int) packages, 2, Set.of(), 0.3, options.sizeScale(), "bench.tierpack.dev-1");
    }

    private Path cacheHome(long packages) {
        String name = "cache-" + packages + "-x" + options.sizeScale();
        return options.cacheDir() != null ? options.cacheDir().resolve(name) : options.workDir().resolve("full-" + packages).resolve(name);
    }

    /**
     * The generated cache of {@code packages}: reused from {@link Options#cacheDir()} if a previous invocation made it
     * with the same spec (recorded next to it, written last), else generated (not measured).
     */
    private GeneratedCache cache(long packages) throws IOException {
        GeneratorSpec spec = spec(packages);
        Path cache = cacheHome(packages);
        Path marker = cache.resolveSibling(cache.getFileName() + ".json");
        if (Files.exists(marker)) {
            var m = LoadChild.JSON.readTree(marker.toFile());
            if (m.path("spec").asText().equals(spec.toString())) {
                GeneratedCache g = new GeneratedCache(m.get("storePaths").asInt(), m.get("narBytes").asLong(),
                        m.get("narXzBytes").asLong(), List.of());
                out.printf("reusing the generated cache of %d packages: %s (%d store paths)%n", packages, cache, g.storePaths());
                return g;
            }
        }
        delete(cache);
        Files.createDirectories(cache);
        long g0 = System.nanoTime();
        GeneratedCache g = new CacheGenerator(spec, SecretKey.generate(spec.keyName())).generate(new DirectorySink(cache),
                options.generatorThreads());
        out.printf("generated %d packages: %d store paths, %.1f MB of NAR, %.1f MB xz, in %.1f s on %d thread(s)%n",
                packages, g.storePaths(), g.narBytes() / 1e6, g.narXzBytes() / 1e6, (System.nanoTime() - g0) / 1e9,
                options.generatorThreads());
        out.flush();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec.toString());
        m.put("storePaths", g.storePaths());
        m.put("narBytes", g.narBytes());
        m.put("narXzBytes", g.narXzBytes());
        LoadChild.JSON.writeValue(marker.toFile(), m);
        return g;
    }

    private RunResult child(String name, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + options.heap()));
        if (options.scenario() != Scenario.NARINFO) {
            // full, verify: -Xms = -Xmx, pre-touched: the whole heap is resident from the start, so peak RSS does not
            // depend on how far G1 happened to grow the heap (that follows the allocation rate and the machine's load,
            // not the data kept; it made identical runs differ by 100 MiB): RSS growth is then growth outside the
            // heap, and the heap's own is heapAfterGcPeak
            cmd.addAll(List.of("-Xms" + options.heap(), "-XX:+AlwaysPreTouch"));
        }
        cmd.addAll(List.of("-XX:NativeMemoryTracking=summary", "--enable-native-access=ALL-UNNAMED",
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
        String s = String.format("%s: %d objects, %.1f s wall, %.1f s CPU, %.0f objects/s, %.0f objects/s per core, peak RSS %.1f MiB",
                r.scenario().id(), r.objects(), r.wallSeconds(), r.cpuSeconds(), r.objectsPerSecond(), r.objectsPerCoreSecond(),
                r.peakRssBytes() / 1048576.0);
        MemoryProbe.Figures m = r.memory();
        if (m != null) {
            s += String.format(", heap after GC peak %.1f MiB, heap committed peak %.1f MiB, live heap at end %.1f MiB, NMT committed %.1f MiB",
                    m.heapAfterGcPeakBytes() / 1048576.0, m.heapCommittedPeakBytes() / 1048576.0, m.liveHeapAtEndBytes() / 1048576.0,
                    m.nmtCommittedBytes().getOrDefault("Total", 0L) / 1048576.0);
        }
        return s;
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
            if (r.memory() != null) {
                e.put("memory", r.memory());
            }
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
                if (r.memory() != null && base.memory() != null) {
                    memoryRatios(r.memory(), base.memory(), ratio);
                }
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

    private static void memoryRatios(MemoryProbe.Figures m, MemoryProbe.Figures base, Map<String, Object> ratio) {
        if (base.heapAfterGcPeakBytes() > 0) {
            ratio.put("heapAfterGcPeakVsBaseline", (double) m.heapAfterGcPeakBytes() / base.heapAfterGcPeakBytes());
        }
        ratio.put("heapCommittedPeakVsBaseline", (double) m.heapCommittedPeakBytes() / base.heapCommittedPeakBytes());
        ratio.put("liveHeapAtEndVsBaseline", (double) m.liveHeapAtEndBytes() / base.liveHeapAtEndBytes());
        Map<String, Double> nmt = new LinkedHashMap<>();
        m.nmtCommittedBytes().forEach((category, bytes) -> {
            Long b = base.nmtCommittedBytes().get(category);
            if (b != null && b > 0) {
                nmt.put(category, (double) bytes / b);
            }
        });
        if (!nmt.isEmpty()) {
            ratio.put("nmtCommittedVsBaseline", nmt);
        }
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
