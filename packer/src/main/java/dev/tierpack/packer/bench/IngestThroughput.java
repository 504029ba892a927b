package dev.tierpack.packer.bench;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.session.PackerConfig;
import dev.tierpack.packer.session.PackingSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Whole-pipeline ingest throughput on one core against {@code xz -dc} alone on the same NARs, measured in the same
 * run: the baseline decompresses every {@code .nar.xz} with the xz CLI (single-threaded) to /dev/null; the pipeline
 * reads the same objects from a local binary cache, decodes xz, parses and verifies the NAR, chunks and hashes every
 * file, deduplicates, compresses new chunks into segments, and writes and publishes packs to a real (embedded) S3
 * tier. Throughput is NAR bytes per second of wall time.
 */
public final class IngestThroughput {
    public record Result(long narBytes, long storePaths, double xzSeconds, double pipelineSeconds, long storedBytes) {
        public double xzMbPerSecond() {
            return narBytes / 1e6 / xzSeconds;
        }

        public double pipelineMbPerSecond() {
            return narBytes / 1e6 / pipelineSeconds;
        }

        public double ratio() {
            return xzSeconds / pipelineSeconds;
        }

        public String report() {
            return String.format(Locale.ROOT, "%d store paths, %.1f MB of NAR%n"
                    + "  xz -dc (baseline, 1 thread): %6.1f MB/s%n"
                    + "  tierpack ingest (1 thread):  %6.1f MB/s  = %.2fx of xz -dc%n"
                    + "  stored %.1f MB%n", storePaths, narBytes / 1e6, xzMbPerSecond(), pipelineMbPerSecond(), ratio(), storedBytes / 1e6);
        }
    }

    private IngestThroughput() {}

    public static Result run(Path cache, PackerConfig config, Path work) throws IOException, InterruptedException {
        List<String> keys = new ArrayList<>();
        List<NarInfo> infos = new ArrayList<>();
        try (LocalDirSource source = new LocalDirSource(cache)) {
            for (Iterator<SourceObject> it = source.list(null); it.hasNext(); ) {
                SourceObject o = it.next();
                if (o.kind() == KeyKind.NARINFO) {
                    try (InputStream in = source.open(o.key())) {
                        infos.add(NarInfoParser.standard().parse(in, o.key()));
                        keys.add(o.key());
                    }
                }
            }
        }
        long narBytes = infos.stream().mapToLong(NarInfo::narSize).sum();
        List<Path> nars = infos.stream().map(i -> cache.resolve(i.url())).toList();
        xzBaseline(nars); // warm the page cache and the xz binary
        double xz = xzBaseline(nars);
        double pipeline;
        long stored;
        try (EmbeddedS3 s3 = EmbeddedS3.start(work.resolve("s3"), 0)) {
            s3.createBucketIfMissing("bench");
            try (Tier tier = S3Tier.builder("warm", "bench").endpoint(s3.endpoint()).pathStyle(true)
                    .credentials(s3.credentials().provider()).build();
                    ChunkIndex index = ChunkIndex.open(work.resolve("index"));
                    LocalDirSource source = new LocalDirSource(cache)) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < infos.size(); i++) {
                    order.add(i);
                }
                order.sort(Comparator.comparing((Integer i) -> infos.get(i).storePath().packageName())
                        .thenComparing(i -> infos.get(i).storePath().name()));
                long t0 = System.nanoTime();
                try (PackingSession session = new PackingSession(tier, index, config)) {
                    for (int i : order) {
                        session.ingest(infos.get(i), keys.get(i), source);
                    }
                    session.flush();
                }
                pipeline = (System.nanoTime() - t0) / 1e9;
                stored = index.stats().storedBytes();
            }
        }
        return new Result(narBytes, infos.size(), xz, pipeline, stored);
    }

    private static double xzBaseline(List<Path> nars) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        for (Path nar : nars) {
            Process p = new ProcessBuilder("xz", "-dc", "-T1", nar.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IOException("xz -dc failed on " + nar);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    public static void main(String[] args) throws Exception {
        Path cache = Path.of(args[0]);
        Path work = Files.createTempDirectory("tierpack-bench");
        System.out.print(run(cache, PackerConfig.defaults(work.resolve("work")), work).report());
    }
}
