package dev.tierpack.packer.bench;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of {@link PackingExperiment#sweep}: {@code PackingBench --cache DIR [--order package|key]
 * [--chunker 32KiB]... [--segment 4MiB,128MiB] [--compression zstd-3,zstd-3-long27,...] [--rounds N]
 * [--pack-rounds N] [--hot-roots F,F... [--fixed-outputs-hot true|false] --tier warm|cold]}. List options may repeat; the cross product of chunkers, segment sizes and compressions
 * ({@link CompressionNames}) is measured. Defaults: {@link ChunkerParams#DEFAULT}, the warm tier's segment size
 * and compression, package order, 2 rounds. Results print to stdout as Markdown table rows as they are ready,
 * progress and the first result's summary to stderr. With {@code --hot-roots} (channel bump files) only the store
 * paths that placement sends to {@code --tier} are ingested ({@link HotSet}: the roots' closure, plus fixed outputs
 * unless {@code --fixed-outputs-hot false}); {@code cold} then measures the cold paths alone, without the warm
 * chunks they would deduplicate against (an upper bound of the cold tier's bytes).
 */
public final class PackingBench {
    private PackingBench() {}

    /** Command line; see the class comment. */
    public static void main(String[] args) throws IOException {
        Path cache = null;
        IngestOrder order = IngestOrder.PACKAGE;
        List<ChunkerParams> chunkers = new ArrayList<>();
        List<Integer> segments = new ArrayList<>();
        List<SegmentCompression> compressions = new ArrayList<>();
        int rounds = 2;
        int packRounds = 2;
        List<Path> hotRoots = new ArrayList<>();
        boolean fixedOutputsHot = true;
        String tier = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new ConfigException("option needs a value", "option", a);
            }
            i++;
            switch (a) {
                case "--cache" -> cache = Path.of(v);
                case "--order" -> order = IngestOrder.valueOf(v.toUpperCase(Locale.ROOT));
                case "--chunker" -> chunkers.add(ChunkerParams.parse(v));
                case "--segment" -> {
                    for (String s : v.split(",")) {
                        segments.add(ChunkerParams.parseSize(s));
                    }
                }
                case "--compression" -> {
                    for (String s : v.split(",")) {
                        compressions.add(CompressionNames.parse(s));
                    }
                }
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--pack-rounds" -> packRounds = Integer.parseInt(v);
                case "--hot-roots" -> {
                    for (String f : v.split(",")) {
                        hotRoots.add(Path.of(f));
                    }
                }
                case "--fixed-outputs-hot" -> fixedOutputsHot = Boolean.parseBoolean(v);
                case "--tier" -> tier = v.toLowerCase(Locale.ROOT);
                default -> throw new ConfigException("unknown option", "option", a);
            }
        }
        if (cache == null) {
            throw new ConfigException("--cache DIR is required");
        }
        if (chunkers.isEmpty()) {
            chunkers.add(ChunkerParams.DEFAULT);
        }
        if (segments.isEmpty()) {
            segments.add(PackWriterConfig.DEFAULT_SEGMENT_SIZE);
        }
        if (compressions.isEmpty()) {
            compressions.add(PackWriterConfig.defaults(TierCode.WARM, ContentCode.DATA).compression());
        }
        List<PackingExperiment.Settings> all = new ArrayList<>();
        for (ChunkerParams c : chunkers) {
            for (int s : segments) {
                for (SegmentCompression z : compressions) {
                    all.add(new PackingExperiment.Settings(c, order, s, z));
                }
            }
        }
        PrintStream out = System.out;
        out.println(PackingExperiment.Result.header());
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        boolean[] first = {true};
        if ((tier == null) != hotRoots.isEmpty() || (tier != null && !tier.equals("warm") && !tier.equals("cold"))) {
            throw new ConfigException("--hot-roots and --tier warm|cold go together", "tier", tier);
        }
        boolean fods = fixedOutputsHot;
        String t = tier;
        java.util.function.UnaryOperator<BenchCache> select = tier == null ? c -> c
                : c -> t.equals("warm") ? HotSet.warm(c, hotRoots, fods) : HotSet.cold(c, hotRoots, fods);
        PackingExperiment.sweep(cache, select, all, new PackingExperiment.Options(rounds, packRounds, line -> System.err.println(line)), tmp, r -> {
            if (first[0]) {
                System.err.println(r.summary());
                first[0] = false;
            }
            out.println(r.row());
            out.flush();
        });
    }
}
