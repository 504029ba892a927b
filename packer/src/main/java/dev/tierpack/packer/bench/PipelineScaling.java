package dev.tierpack.packer.bench;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.PackerConfig;
import dev.tierpack.packer.session.PackingSession;
import dev.tierpack.packer.session.PackingWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole ingest pipeline (read, xz decode, NAR parse and verify, chunk, hash, dedup, zstd, pack, publish to a real
 * embedded S3 tier) on 1..N threads against {@code xz -dc -T1} on the same {@code .nar.xz} files with the same number
 * of parallel {@code xz} processes, all measured in one run, on both clocks: wall time, and CPU time of the
 * {@code xz} processes, of the ingest threads, of the whole worker JVM and of the S3 server, which runs in a child JVM
 * ({@link ChildS3Server}) because in production its CPU is MinIO's, not the worker's. N threads run N packing sessions sharing one chunk index
 * and tier, each given the store paths of the packages that hash to it (as the campaign's work topic keys them), so
 * the figures show both the one-core ratio against {@code xz -dc} and how the pipeline scales with cores against how
 * {@code xz} itself scales on the same machine.
 */
public final class PipelineScaling {

    /**
     * One measured thread count. CPU figures are seconds of CPU (user + system) over the measured part; the storage
     * server runs in a child JVM ({@link ChildS3Server}), so the worker's CPU and the server's are measured apart.
     *
     * @param threads         parallel packing sessions and parallel {@code xz} processes
     * @param xzSeconds       wall time of the {@code xz -dc} baseline
     * @param xzCpu           CPU seconds of the {@code xz} processes (all of them)
     * @param pipelineSeconds wall time of the pipeline (until every pack is published)
     * @param pipelineCpu     CPU seconds of the worker JVM during the pipeline (ingest threads, background part
     *                        uploads, GC, JIT, RocksDB; not the S3 server)
     * @param serverCpu       CPU seconds of the S3 server's JVM during the pipeline (-1 if the OS does not tell)
     * @param ingestCpu       CPU seconds of the ingest threads alone (read, decode, parse, chunk, hash, compress, pack)
     * @param ingestUserCpu   the user-mode part of {@code ingestCpu} (the rest is the kernel's: reads, socket writes,
     *                        and the page faults of memory the JVM touches for the first time)
     * @param storedBytes     pack bytes the chunk index holds afterwards
     * @param jitSeconds      time the worker JVM's JIT compilers spent during the pipeline (part of {@code pipelineCpu};
     *                        a long-running worker pays it once, a 145 MB measurement still pays some)
     */
    public record Row(int threads, long narBytes, double xzSeconds, double xzCpu, double pipelineSeconds,
            double pipelineCpu, double serverCpu, double ingestCpu, double ingestUserCpu, long storedBytes,
            double jitSeconds) {
        public double xzMbPerSecond() {
            return narBytes / 1e6 / xzSeconds;
        }

        public double pipelineMbPerSecond() {
            return narBytes / 1e6 / pipelineSeconds;
        }

        /** Pipeline wall-time throughput relative to {@code xz -dc} with the same parallelism (higher is faster). */
        public double ratio() {
            return xzSeconds / pipelineSeconds;
        }

        /** Per core: {@code xz}'s CPU seconds over the ingest threads' CPU seconds for the same bytes. */
        public double ingestCpuRatio() {
            return xzCpu / ingestCpu;
        }

        /** Per core: {@code xz}'s CPU seconds over the whole worker JVM's (the S3 server excluded). */
        public double workerCpuRatio() {
            return xzCpu / pipelineCpu;
        }

        /** Per core: {@code xz}'s CPU seconds over the worker's plus the S3 server's (NaN if the latter is unknown). */
        public double allCpuRatio() {
            return serverCpu < 0 ? Double.NaN : xzCpu / (pipelineCpu + serverCpu);
        }

        /**
         * The best of two measurements of the same row, figure by figure (the least time of each clock, as
         * {@code XzBenchmark} keeps each method's best round): bursts of load from other processes on a shared
         * machine only ever add time, to either side.
         */
        Row best(Row o) {
            if (o.threads != threads || o.narBytes != narBytes) {
                throw new IllegalArgumentException("not the same row");
            }
            return new Row(threads, narBytes, Math.min(xzSeconds, o.xzSeconds), Math.min(xzCpu, o.xzCpu),
                    Math.min(pipelineSeconds, o.pipelineSeconds), Math.min(pipelineCpu, o.pipelineCpu),
                    serverCpu < 0 || o.serverCpu < 0 ? -1 : Math.min(serverCpu, o.serverCpu),
                    Math.min(ingestCpu, o.ingestCpu), Math.min(ingestUserCpu, o.ingestUserCpu), storedBytes,
                    Math.min(jitSeconds, o.jitSeconds));
        }
    }

    /** All rows of a run; the first has one thread. */
    public record Result(TierCode placement, long storePaths, long narBytes, long narXzBytes, List<Row> rows,
            int rounds, PackerConfig packing) {
        public Result {
            rows = List.copyOf(rows);
            if (rows.isEmpty() || rows.getFirst().threads() != 1) {
                throw new IllegalArgumentException("the first row must be the one-thread run");
            }
        }

        /** Pipeline throughput at {@code row}'s parallelism over its one-thread throughput. */
        public double scaling(Row row) {
            return rows.getFirst().pipelineSeconds() / row.pipelineSeconds();
        }

        /** {@code xz -dc}'s own scaling on this machine at {@code row}'s parallelism: the ceiling for {@link #scaling}. */
        public double xzScaling(Row row) {
            return rows.getFirst().xzSeconds() / row.xzSeconds();
        }

        public String report() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "%d store paths, %.1f MB of NAR, new chunks packed %s (%d cores available; S3 server in a child JVM;"
                            + " best of %d interleaved round(s) per figure)%n",
                    storePaths, narBytes / 1e6, placement == TierCode.COLD ? "cold" : "warm",
                    Runtime.getRuntime().availableProcessors(), rounds));
            b.append("wall time: threads | xz -dc MB/s | pipeline MB/s | pipeline / xz -dc | pipeline scaling | xz scaling\n");
            for (Row r : rows) {
                b.append(String.format(Locale.ROOT, "%18d | %11.1f | %13.1f | %16.2fx | %15.2fx | %9.2fx%n", r.threads(),
                        r.xzMbPerSecond(), r.pipelineMbPerSecond(), r.ratio(), scaling(r), xzScaling(r)));
            }
            var layout = placement == TierCode.COLD ? packing.cold() : packing.warm();
            b.append(String.format(Locale.ROOT, "packing: %s segments of %d MiB, zstd level %d%s; stored %,d bytes of"
                            + " segments, %.1f%% of the %,d .nar.xz bytes%n",
                    placement == TierCode.COLD ? "cold" : "warm", layout.targetSegmentSize() >> 20,
                    layout.compression().level(), layout.compression().longDistanceMatching() ? " with long-distance matching" : "",
                    rows.getFirst().storedBytes(), 100.0 * rows.getFirst().storedBytes() / narXzBytes, narXzBytes));
            b.append("CPU time:  threads | xz CPU s | ingest-thread CPU s (user) | worker JVM CPU s (JIT) | S3 server CPU s"
                    + " | xz / ingest | xz / worker | xz / (worker + server)\n");
            for (Row r : rows) {
                b.append(String.format(Locale.ROOT, "%18d | %8.2f | %19.2f (%.2f) | %15.2f (%.2f) | %15.2f | %10.2fx | %10.2fx | %21.2fx%n",
                        r.threads(), r.xzCpu(), r.ingestCpu(), r.ingestUserCpu(), r.pipelineCpu(), r.jitSeconds(),
                        r.serverCpu(), r.ingestCpuRatio(), r.workerCpuRatio(), r.allCpuRatio()));
            }
            return b.toString();
        }
    }

    private record Path1(NarInfo info, String key) {}

    private PipelineScaling() {}

    /** {@link #run(Path, Path, int, TierCode, int, Integer)} with one round and the default levels. */
    public static Result run(Path cache, Path work, int maxThreads, TierCode placement)
            throws IOException, InterruptedException {
        return run(cache, work, maxThreads, placement, 1, null);
    }

    /**
     * Measures thread counts {@code 1..maxThreads} (each after a fresh chunk index and bucket, so every row packs the
     * same bytes), each preceded by its own {@code xz -dc} baseline, after one unmeasured warm-up pass of the pipeline;
     * {@code rounds} times over, interleaved ({@code xz}, pipeline, {@code xz}, pipeline, ...), keeping the best of
     * each figure ({@link Row#best}). {@code level}, if not null, replaces the zstd level of {@code placement}'s
     * packs (the rest of the default layout stays).
     */
    public static Result run(Path cache, Path work, int maxThreads, TierCode placement, int rounds, Integer level)
            throws IOException, InterruptedException {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads < 1");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds < 1");
        }
        Objects.requireNonNull(placement, "placement");
        List<Path1> paths = read(cache);
        long narBytes = paths.stream().mapToLong(p -> p.info().narSize()).sum();
        List<Path> nars = paths.stream().map(p -> cache.resolve(p.info().url())).toList();
        xz(nars, 1); // page cache and the xz binary
        List<Row> rows = new ArrayList<>();
        long narXzBytes = 0;
        for (Path n : nars) {
            narXzBytes += Files.size(n);
        }
        List<PackingWorkspace> workspaces = new ArrayList<>();
        for (int i = 0; i < maxThreads; i++) {
            workspaces.add(new PackingWorkspace(packing(work.resolve("work-" + i), placement, level)));
        }
        try (ChildS3Server s3 = ChildS3Server.start(work.resolve("s3"))) {
            // warm-up (of both JVMs): one unmeasured pass over all the store paths, so that the measured rows see a
            // worker in its steady state, as a long-running campaign worker is: code compiled, and heap memory faulted
            // in once (first-touch page faults cost ~5 ms per MiB on the development VM, which a 145 MB measurement
            // would otherwise count against a few packs). Each thread keeps its working memory (PackingWorkspace)
            // across the warm-up and the rows, as a campaign worker keeps it across batches; the warm-up runs on every
            // thread so that each one's workspace is in use before it is measured.
            pipeline(s3, "bench-warm-up", cache, work.resolve("warm-up"), paths, 0, maxThreads, new Timing(1, 1),
                    placement, workspaces);
            for (int round = 0; round < rounds; round++) {
                for (int t = 1; t <= maxThreads; t++) {
                    Timing xz = xz(nars, t);
                    Row row = pipeline(s3, "bench-r" + round + "-t" + t, cache, work.resolve("r" + round + "-t" + t),
                            paths, narBytes, t, xz, placement, workspaces);
                    if (round == 0) {
                        rows.add(row);
                    } else {
                        rows.set(t - 1, rows.get(t - 1).best(row));
                    }
                }
            }
        } finally {
            workspaces.forEach(PackingWorkspace::close);
        }
        return new Result(placement, paths.size(), narBytes, narXzBytes, rows, rounds, workspaces.getFirst().config());
    }

    /** The default packing, with {@code level} (if not null) as the zstd level of {@code placement}'s packs. */
    static PackerConfig packing(Path workDir, TierCode placement, Integer level) {
        PackerConfig d = PackerConfig.defaults(workDir);
        if (level == null) {
            return d;
        }
        PackWriterConfig layout = placement == TierCode.COLD ? d.cold() : d.warm();
        var c = layout.compression();
        PackWriterConfig changed = new PackWriterConfig(layout.targetPackSize(), layout.targetSegmentSize(),
                new dev.tierpack.packer.compress.SegmentCompression(c.codec(), level, c.windowLog(), c.longDistanceMatching()),
                layout.tier(), layout.content());
        return placement == TierCode.COLD
                ? new PackerConfig(d.chunker(), d.warm(), d.stagingMemory(), d.workDir(), changed)
                : new PackerConfig(d.chunker(), changed, d.stagingMemory(), d.workDir(), d.cold());
    }

    private static List<Path1> read(Path cache) throws IOException {
        List<Path1> out = new ArrayList<>();
        try (LocalDirSource source = new LocalDirSource(cache)) {
            for (Iterator<SourceObject> it = source.list(null); it.hasNext(); ) {
                SourceObject o = it.next();
                if (o.kind() == KeyKind.NARINFO) {
                    try (InputStream in = source.open(o.key())) {
                        out.add(new Path1(NarInfoParser.standard().parse(in, o.key()), o.key()));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new dev.tierpack.core.error.ConfigException("no narinfo at the top of the directory: not a binary cache root", "cache", cache);
        }
        out.sort(Comparator.comparing((Path1 p) -> p.info().storePath().packageName())
                .thenComparing(p -> p.info().storePath().name()));
        return out;
    }

    private static Row pipeline(ChildS3Server s3, String bucket, Path cache, Path work, List<Path1> paths, long narBytes,
            int threads, Timing xz, TierCode placement, List<PackingWorkspace> workspaces)
            throws IOException, InterruptedException {
        List<List<Path1>> shards = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            shards.add(new ArrayList<>());
        }
        for (Path1 p : paths) {
            shards.get(Math.floorMod(p.info().storePath().packageName().hashCode(), threads)).add(p);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        s3.createBucket(bucket);
        try (Tier tier = S3Tier.builder("warm", bucket).endpoint(s3.endpoint()).pathStyle(true)
                .credentials(s3.credentials().provider()).build();
                ChunkIndex index = ChunkIndex.open(work.resolve("index"));
                LocalDirSource source = new LocalDirSource(cache)) {
            long cpu0 = os.getProcessCpuTime();
            var jit = ManagementFactory.getCompilationMXBean();
            long jit0 = jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
            long server0 = s3.cpuNanos();
            long t0 = System.nanoTime();
            var threadBean = ManagementFactory.getThreadMXBean();
            java.util.concurrent.atomic.AtomicLong ingestNanos = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong ingestUserNanos = new java.util.concurrent.atomic.AtomicLong();
            List<Callable<?>> tasks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                List<Path1> shard = shards.get(i);
                PackingWorkspace workspace = workspaces.get(i);
                tasks.add(() -> {
                    long c0 = threadBean.getCurrentThreadCpuTime();
                    long u0 = threadBean.getCurrentThreadUserTime();
                    try (PackingSession session = new PackingSession(tier, tier, index, workspace)) {
                        for (Path1 p : shard) {
                            session.ingest(p.info(), p.key(), source, placement);
                        }
                        session.flush();
                    } finally {
                        ingestNanos.addAndGet(threadBean.getCurrentThreadCpuTime() - c0);
                        ingestUserNanos.addAndGet(threadBean.getCurrentThreadUserTime() - u0);
                    }
                    return null;
                });
            }
            runAll(tasks, "pipeline");
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            double jitSeconds = jit.isCompilationTimeMonitoringSupported() ? (jit.getTotalCompilationTime() - jit0) / 1e3 : 0;
            long server1 = s3.cpuNanos();
            double server = server0 < 0 || server1 < 0 ? -1 : (server1 - server0) / 1e9;
            return new Row(threads, narBytes, xz.wallNanos() / 1e9, xz.cpuNanos() / 1e9, seconds, cpu, server,
                    ingestNanos.get() / 1e9, ingestUserNanos.get() / 1e9, index.stats().storedBytes(), jitSeconds);
        }
    }

    /** Runs {@code tasks} in parallel, one thread each, and waits for all; the first failure is rethrown. */
    private static void runAll(List<Callable<?>> tasks, String what) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, tasks.size()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Callable<?> t : tasks) {
                done.add(pool.submit(t));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(what + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code xz -dc -T1 --files=LIST} ({@link XzBaseline#cli}, one process per list, so process start-up is paid once
     * per list as the pipeline pays its JVM once), {@code parallel} processes over lists balanced by file size; wall
     * time until the last one ends and the CPU time of all of them (from this process's waited-for children).
     */
    static Timing xz(List<Path> nars, int parallel) throws IOException, InterruptedException {
        List<List<Path>> lists = new ArrayList<>();
        long[] load = new long[parallel];
        for (int i = 0; i < parallel; i++) {
            lists.add(new ArrayList<>());
        }
        List<Path> bySize = new ArrayList<>(nars);
        bySize.sort(Comparator.comparingLong((Path p) -> p.toFile().length()).reversed());
        for (Path p : bySize) {
            int least = 0;
            for (int i = 1; i < parallel; i++) {
                if (load[i] < load[least]) {
                    least = i;
                }
            }
            lists.get(least).add(p);
            load[least] += p.toFile().length();
        }
        long cpu0 = XzBaseline.childCpuNanos();
        long t0 = System.nanoTime();
        List<Callable<?>> tasks = new ArrayList<>();
        for (List<Path> list : lists) {
            if (!list.isEmpty()) {
                tasks.add(() -> XzBaseline.cli(list));
            }
        }
        runAll(tasks, "xz baseline");
        long wall = System.nanoTime() - t0;
        long cpu1 = XzBaseline.childCpuNanos();
        return new Timing(wall, cpu0 < 0 || cpu1 < 0 ? wall : cpu1 - cpu0);
    }
}
