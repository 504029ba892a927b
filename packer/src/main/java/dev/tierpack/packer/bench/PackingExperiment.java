package dev.tierpack.packer.bench;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Measures what tierpack would store for a binary cache, and how fast, with given chunking and packing settings:
 * ingest with {@link DedupSimulator} (decode, parse, chunk each file, hash, deduplicate across the whole cache),
 * pack the new chunks with {@link SegmentPacker} (real {@code PackWriter} packs, so format overhead counts), and
 * compare the pipeline's speed with {@code xz -dc} on the same {@code .nar.xz} files in the same run
 * ({@link XzBaseline}).
 *
 * <p>Timing: the pipeline runs on one thread, and speeds are per core: bytes per CPU second of that thread, against
 * bytes per CPU second of the {@code xz -dc -T1} process ({@link Timing}); wall times are kept alongside. Every
 * measured stage is paired with an {@code xz -dc} run right before it, and its cost is expressed in units of that
 * run: on a shared machine (2 vCPUs that may be SMT siblings) the speed of both varies with what runs beside them,
 * even in CPU time, and a baseline measured minutes earlier would not be comparable. With {@code rounds > 1} every
 * stage is repeated, each time after its baseline, and the best time of each is kept. Stored sizes do not depend on
 * the round.
 *
 * <p>{@link #run} does one real pass: new chunks go straight from the chunker to the pack writer. {@link #sweep}
 * tries many pack settings cheaply: per (chunker, order) it ingests once, spilling the new chunks to a
 * {@link ChunkLog}, and replays that log into a fresh packer per setting; the pipeline time of a setting is the
 * ingest time (sink excluded) plus that setting's pack time, which is what one real pass would take.
 *
 * <p>The command line is {@link PackingBench}.
 */
public final class PackingExperiment {
    /** Manifest estimate: bytes per chunk reference (a 32-byte id plus length and framing). */
    public static final int MANIFEST_BYTES_PER_CHUNK_REF = 40;
    /** Manifest estimate: bytes per NAR entry (name, type, mode, size, framing). */
    public static final int MANIFEST_BYTES_PER_ENTRY = 100;
    /** A pack round is repeated only while it takes less than this (slow settings are measured once). */
    private static final long REPEAT_BELOW_NANOS = 10_000_000_000L;

    private PackingExperiment() {}

    /**
     * One point of the design space.
     *
     * @param chunker chunk size parameters
     * @param order ingest order
     * @param segmentSize target raw size of a segment (one zstd frame, one range GET per chunk read)
     * @param compression how segments are compressed
     */
    public record Settings(ChunkerParams chunker, IngestOrder order, int segmentSize, SegmentCompression compression) {
        public Settings {
            Objects.requireNonNull(chunker, "chunker");
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(compression, "compression");
            if (segmentSize <= 0 || segmentSize > PackWriterConfig.MAX_SEGMENT_SIZE) {
                throw new ConfigException("segment size out of range", "segmentSize", segmentSize);
            }
        }

        /** The settings a {@link PackWriterConfig} (e.g. a tier's defaults) implies for this chunker and order. */
        public static Settings of(ChunkerParams chunker, IngestOrder order, PackWriterConfig config) {
            return new Settings(chunker, order, config.targetSegmentSize(), config.compression());
        }

        /** Packs of the default size with these segments. */
        public PackWriterConfig packConfig() {
            return new PackWriterConfig(PackWriterConfig.DEFAULT_PACK_SIZE, segmentSize, compression, TierCode.WARM,
                    ContentCode.DATA);
        }

        /** E.g. {@code avg=16KiB seg=8MiB zstd-19-long27 package}. */
        public String label() {
            return "avg=" + ChunkerParams.formatSize(chunker.avgSize()) + " seg=" + ChunkerParams.formatSize(segmentSize)
                    + " " + CompressionNames.describe(compression) + " " + order.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How the experiment is run.
     *
     * @param rounds ingest rounds (each also measures the baseline); the best time of each stage is kept
     * @param packRounds pack rounds per setting in a sweep (repeated only while a round takes under 10 s)
     * @param log progress lines (may be a no-op)
     */
    public record Options(int rounds, int packRounds, Consumer<String> log) {
        public Options {
            if (rounds < 1 || packRounds < 1) {
                throw new ConfigException("rounds must be >= 1", "rounds", rounds, "packRounds", packRounds);
            }
            Objects.requireNonNull(log, "log");
        }

        public static Options quiet(int rounds) {
            return new Options(rounds, rounds, line -> { });
        }
    }

    /**
     * Outcome of one setting on one cache. Sizes in bytes, times in nanoseconds (best of the rounds).
     *
     * @param cache the cache directory
     * @param settings what was measured
     * @param storePaths store paths ingested
     * @param entries NAR entries a manifest lists (files, symlinks, directories)
     * @param chunkReferences chunks cut, each a manifest reference
     * @param sourceBytes the cache's {@code .nar.xz} bytes
     * @param narBytes NAR bytes
     * @param fileBytes regular-file content bytes
     * @param narinfoBytes narinfo text bytes (kept with the manifests)
     * @param uniqueChunks unique chunks = chunk records in the pack indexes
     * @param uniqueBytes their raw bytes
     * @param packs packs written
     * @param segments segments written
     * @param packBytes total pack length (header, segments, trailer, footer)
     * @param indexBytes total length of the pack index objects
     * @param work ingest time: decode, parse, chunk, hash, deduplicate
     * @param pack time in the pack writer: compression, checksums, records
     * @param decode time to decode the NARs alone in this JVM (part of {@code work})
     * @param xz time of {@code xz -dc -T1} over the same files, measured beside the ingest
     * @param xzAtPack the same, measured beside the packing (equal to {@code xz} for {@link #run})
     * @param readAmplification single-chunk read cost
     * @param unpack time to decompress every segment once ({@link Timing#ZERO} when not measured: {@link #run})
     */
    public record Result(Path cache, Settings settings, int storePaths, long entries, long chunkReferences,
            long sourceBytes, long narBytes, long fileBytes, long narinfoBytes, long uniqueChunks, long uniqueBytes,
            int packs, long segments, long packBytes, long indexBytes, Timing work, Timing pack, Timing decode,
            Timing xz, Timing xzAtPack, ReadAmplification readAmplification, Timing unpack) {

        /** Decompression speed: raw MB (10^6 bytes) of segments per CPU second, 0 when not measured. */
        public double decompressMBps() {
            return unpack.cpuNanos() == 0 ? 0 : uniqueBytes * 1e3 / unpack.cpuNanos();
        }

        /** Estimated manifest bytes: 40 per chunk reference, 100 per entry, plus the narinfo text. */
        public long manifestBytes() {
            return MANIFEST_BYTES_PER_CHUNK_REF * chunkReferences + MANIFEST_BYTES_PER_ENTRY * entries + narinfoBytes;
        }

        /** Everything stored: packs, index objects and (estimated) manifests. */
        public long storedBytes() {
            return packBytes + indexBytes + manifestBytes();
        }

        /** {@link #storedBytes()} / source {@code .nar.xz} bytes: the bar is at most 0.75. */
        public double storedRatio() {
            return (double) storedBytes() / sourceBytes;
        }

        /** (packs + index objects) / source bytes, without the manifest estimate. */
        public double packRatio() {
            return (double) (packBytes + indexBytes) / sourceBytes;
        }

        /** Source {@code .nar.xz} / NAR bytes. */
        public double xzRatio() {
            return (double) sourceBytes / narBytes;
        }

        /** Share of the file bytes that deduplicated. */
        public double duplicateShare() {
            return fileBytes == 0 ? 0 : 1 - (double) uniqueBytes / fileBytes;
        }

        /** Compression speed: raw MB (10^6 bytes) of new chunks per CPU second in the pack writer. */
        public double compressMBps() {
            return uniqueBytes * 1e3 / pack.cpuNanos();
        }

        /** {@code xz -dc} speed in NAR MB per CPU second. */
        public double xzMBps() {
            return narBytes * 1e3 / xz.cpuNanos();
        }

        /** Whole pipeline (ingest + pack) in NAR MB per CPU second: the speed per core. */
        public double pipelineMBps() {
            return narBytes * 1e3 / work.plus(pack).cpuNanos();
        }

        /**
         * Pipeline speed per core relative to {@code xz -dc} on the same files (the bar is at least 0.8): 1 / (ingest
         * time / its xz time + pack time / its xz time), each stage in units of the xz run measured beside it.
         */
        public double pipelineRatio() {
            return 1 / ((double) work.cpuNanos() / xz.cpuNanos() + (double) pack.cpuNanos() / xzAtPack.cpuNanos());
        }

        /** {@link #pipelineRatio()} on wall-clock times (more disturbed by other load on a shared machine). */
        public double pipelineRatioWall() {
            return 1 / ((double) work.wallNanos() / xz.wallNanos() + (double) pack.wallNanos() / xzAtPack.wallNanos());
        }

        /** Compression speed relative to {@code xz -dc} beside it (raw MB/s compressed vs NAR MB/s decoded). */
        public double compressRatio() {
            return compressMBps() / (narBytes * 1e3 / xzAtPack.cpuNanos());
        }

        /** Header of {@link #row()}. */
        public static String header() {
            return "| avg chunk | segment | compression | order | stored % of .nar.xz | packs+idx % | unique chunks"
                    + " | dup % | compress MB/s | xz -dc MB/s | compress × xz -dc | pipeline × xz -dc"
                    + " | read amp avg / p99 / bytes | decompress MB/s |\n"
                    + "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|";
        }

        /** One Markdown table row. */
        public String row() {
            ReadAmplification ra = readAmplification;
            return String.format(Locale.ROOT,
                    "| %s | %s | %s | %s | %.1f | %.1f | %,d | %.1f | %.0f | %.0f | %.2f | %.2f | %.0f / %.0f / %.1f | %.0f |",
                    ChunkerParams.formatSize(settings.chunker().avgSize()), ChunkerParams.formatSize(settings.segmentSize()),
                    CompressionNames.describe(settings.compression()), settings.order().name().toLowerCase(Locale.ROOT),
                    100 * storedRatio(), 100 * packRatio(), uniqueChunks, 100 * duplicateShare(), compressMBps(),
                    narBytes * 1e3 / xzAtPack.cpuNanos(), compressRatio(), pipelineRatio(), ra.averagePerRead(), ra.p99PerRead(),
                    ra.bytesPerByte(), decompressMBps());
        }

        /** A multi-line description of the cache and the measurement. */
        public String summary() {
            return String.format(Locale.ROOT,
                    "%s: %d store paths, %,d .nar.xz bytes, %,d NAR bytes (xz ratio %.3f), %,d file bytes, %,d entries,"
                            + " %,d chunk refs, %,d unique chunks (%,d bytes, %.1f%% duplicate); %s: %d packs, %,d segments,"
                            + " packs %,d + indexes %,d + manifests ~%,d = %,d bytes (%.1f%% of .nar.xz);"
                            + " CPU times: xz -dc %.2f s (%.1f MB/s), decode %.2f s (%.1f MB/s), ingest %.2f s,"
                            + " pack %.2f s (%.1f MB/s raw; xz -dc beside it %.2f s); pipeline %.1f MB/s = %.2fx xz -dc"
                            + " (wall: %.2fx)",
                    cache, storePaths, sourceBytes, narBytes, xzRatio(), fileBytes, entries, chunkReferences,
                    uniqueChunks, uniqueBytes, 100 * duplicateShare(), settings.label(), packs, segments, packBytes,
                    indexBytes, manifestBytes(), storedBytes(), 100 * storedRatio(), xz.cpuNanos() / 1e9, xzMBps(),
                    decode.cpuNanos() / 1e9, narBytes * 1e3 / decode.cpuNanos(), work.cpuNanos() / 1e9,
                    pack.cpuNanos() / 1e9, compressMBps(), xzAtPack.cpuNanos() / 1e9, pipelineMBps(), pipelineRatio(),
                    pipelineRatioWall());
        }
    }

    /** One real pass (chunks go straight to the pack writer), {@code options.rounds()} times. */
    public static Result run(Path cacheDir, Settings settings, Options options) throws IOException {
        BenchCache cache = BenchCache.open(cacheDir, settings.order());
        Baseline base = new Baseline();
        Timing work = Timing.NONE;
        Timing pack = Timing.NONE;
        DedupSimulator.Stats stats = null;
        SegmentPacker.Stats packed = null;
        ReadAmplification amplification = null;
        ChunkTable table = null;
        for (int r = 0; r < options.rounds(); r++) {
            base.measure(cache);
            DedupSimulator sim = new DedupSimulator(settings.chunker());
            SegmentPacker packer = new SegmentPacker(settings.packConfig());
            stats = sim.ingest(cache, packer);
            packed = packer.finish();
            work = work.best(stats.work());
            pack = pack.best(packed.time());
            if (amplification == null) {
                table = sim.table();
                amplification = ReadAmplification.of(table, packer::segmentStoredLength);
            }
            options.log().accept(String.format(Locale.ROOT, "round %d (CPU s): ingest %.2f, pack %.2f, xz -dc %.2f",
                    r + 1, stats.work().cpuNanos() / 1e9, packed.time().cpuNanos() / 1e9, base.xz.cpuNanos() / 1e9));
        }
        return result(cache, settings, stats, table, packed, work, pack, base, base.xz, amplification, Timing.ZERO);
    }

    /**
     * Measures every setting, ingesting once per distinct (chunker, order) and replaying the new chunks into each
     * pack setting. Results come in the order of {@code settings} and are also passed to {@code onResult} as they
     * are ready. The chunk log lives in {@code tempDir} and is deleted afterwards.
     */
    public static List<Result> sweep(Path cacheDir, List<Settings> settings, Options options, Path tempDir,
            Consumer<Result> onResult) throws IOException {
        return sweep(cacheDir, UnaryOperator.identity(), settings, options, tempDir, onResult);
    }

    /**
     * {@link #sweep(Path, List, Options, Path, Consumer)} over the store paths {@code select} keeps of the cache
     * (e.g. only the hot ones, {@link HotSet}); sizes are then relative to their {@code .nar.xz} bytes. Each pack is
     * also decompressed once per setting, timed ({@link Result#decompressMBps()}).
     */
    public static List<Result> sweep(Path cacheDir, UnaryOperator<BenchCache> select, List<Settings> settings,
            Options options, Path tempDir, Consumer<Result> onResult) throws IOException {
        Map<List<Object>, List<Settings>> groups = new LinkedHashMap<>();
        for (Settings s : settings) {
            groups.computeIfAbsent(List.of(s.chunker(), s.order()), k -> new ArrayList<>()).add(s);
        }
        Map<Settings, Result> results = new LinkedHashMap<>();
        for (List<Settings> group : groups.values()) {
            Settings first = group.getFirst();
            BenchCache cache = select.apply(BenchCache.open(cacheDir, first.order()));
            Baseline base = new Baseline();
            Path logFile = Files.createTempFile(tempDir, "tierpack-chunks", ".log");
            try {
                DedupSimulator sim = new DedupSimulator(first.chunker());
                ChunkLog log = ChunkLog.create(logFile);
                DedupSimulator.Stats stats;
                try (log) {
                    base.measure(cache);
                    stats = sim.ingest(cache, log);
                }
                Timing work = stats.work();
                for (int r = 1; r < options.rounds(); r++) {
                    base.measure(cache);
                    work = work.best(new DedupSimulator(first.chunker()).ingest(cache, NewChunkSink.discard()).work());
                }
                options.log().accept(String.format(Locale.ROOT,
                        "%s avg=%s (CPU s): ingest %.2f, xz -dc %.2f, decode %.2f",
                        cacheDir, ChunkerParams.formatSize(first.chunker().avgSize()), work.cpuNanos() / 1e9,
                        base.xz.cpuNanos() / 1e9, base.decode.cpuNanos() / 1e9));
                for (Settings s : group) {
                    Timing pack = Timing.NONE;
                    Timing xzAtPack = Timing.NONE;
                    Timing unpack = Timing.NONE;
                    SegmentPacker.Stats packed = null;
                    ReadAmplification amplification = null;
                    for (int r = 0; r < options.packRounds(); r++) {
                        xzAtPack = xzAtPack.best(XzBaseline.cli(cache.narFiles()));
                        SegmentPacker packer = new SegmentPacker(s.packConfig(), true);
                        log.replay(packer);
                        packed = packer.finish();
                        pack = pack.best(packed.time());
                        unpack = unpack.best(packed.decode());
                        if (amplification == null) {
                            amplification = ReadAmplification.of(sim.table(), packer::segmentStoredLength);
                        }
                        if (packed.time().cpuNanos() >= REPEAT_BELOW_NANOS) {
                            break;
                        }
                    }
                    Result result = result(cache, s, stats, sim.table(), packed, work, pack, base, xzAtPack, amplification,
                            unpack);
                    results.put(s, result);
                    onResult.accept(result);
                }
            } finally {
                Files.deleteIfExists(logFile);
            }
        }
        return settings.stream().map(results::get).toList();
    }

    private static Result result(BenchCache cache, Settings s, DedupSimulator.Stats stats, ChunkTable table,
            SegmentPacker.Stats packed, Timing work, Timing pack, Baseline base, Timing xzAtPack,
            ReadAmplification amplification, Timing unpack) {
        if (packed.chunks() != table.size() || stats.newBytes() != table.rawBytes()) {
            throw new IllegalStateException("packer saw " + packed.chunks() + " chunks, table has " + table.size());
        }
        return new Result(cache.root(), s, stats.storePaths(), stats.entries(), stats.chunkReferences(),
                cache.fileBytes(), stats.narBytes(), stats.fileBytes(), cache.narinfoBytes(), table.size(),
                table.rawBytes(), packed.packs(), packed.segments(), packed.packBytes(), packed.indexBytes(), work,
                pack, base.decode, base.xz, xzAtPack, amplification, unpack);
    }

    /** Best-of baseline times: {@code xz -dc} and this JVM's decoder. */
    private static final class Baseline {
        Timing xz = Timing.NONE;
        Timing decode = Timing.NONE;

        void measure(BenchCache cache) throws IOException {
            List<Path> files = cache.narFiles();
            xz = xz.best(XzBaseline.cli(files));
            decode = decode.best(XzBaseline.backend(files));
        }
    }

}
