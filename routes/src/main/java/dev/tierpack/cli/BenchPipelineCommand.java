package dev.tierpack.cli;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.DirectorySink;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.packer.bench.GenerateCache;
import dev.tierpack.packer.bench.PipelineScaling;
import dev.tierpack.packer.format.TierCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tierpack bench pipeline}: the whole ingest pipeline against {@code xz -dc}, on 1..N cores. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Whole ingest pipeline (xz decode, NAR parse, chunk, hash, dedup, zstd, pack, publish to an " +
                "embedded S3 tier) against `xz -dc -T1` on the same .nar.xz files, on 1..N threads (N parallel xz " +
                "processes for the baseline), measured in one run: the one-core ratio and the scaling with cores.")
final class BenchPipelineCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "a binary cache directory (e.g. ../shared/corpus); default: a generated one in a temp dir")
    Path cache;

    @Option(names = "--packages", defaultValue = "40", paramLabel = "N",
            description = "packages of the generated cache (default: ${DEFAULT-VALUE}, about 146 MB of NAR)")
    int packages;

    @Option(names = "--threads", paramLabel = "N",
            description = "measure 1..N threads (default: the available cores)")
    Integer threads;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N",
            description = "measure every row N times, interleaved with its xz -dc baseline, and keep the best of each "
                    + "figure (bursts of load on a shared machine only add time) (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--level", paramLabel = "N",
            description = "zstd level of the new chunks' segments (default: the tier's default level)")
    Integer level;

    @Option(names = "--tier", defaultValue = "cold", paramLabel = "warm|cold",
            description = "pack layout of the new chunks: cold (128 MiB long-window segments) or warm (4 MiB) (default: ${DEFAULT-VALUE})")
    String tier;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TierCode placement = switch (tier.toLowerCase(Locale.ROOT)) {
            case "warm" -> TierCode.WARM;
            case "cold" -> TierCode.COLD;
            default -> throw new ConfigException("--tier must be warm or cold", "tier", tier);
        };
        int max = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (max < 1 || max > 256) {
            throw new ConfigException("--threads out of range", "threads", max);
        }
        if (level != null && (level < 1 || level > 22)) {
            throw new ConfigException("--level must be a zstd level in 1..22", "level", level);
        }
        if (rounds < 1 || rounds > 100) {
            throw new ConfigException("--rounds out of range", "rounds", rounds);
        }
        Path work = Files.createTempDirectory("tierpack-bench-pipeline");
        try {
            Path dir = cache;
            if (dir == null) {
                dir = work.resolve("cache");
                var genSpec = GenerateCache.spec(1, packages, 2.0);
                GeneratedCache g = new CacheGenerator(genSpec, SecretKey.generate(genSpec.keyName()))
                        .generate(new DirectorySink(dir));
                out.printf(Locale.ROOT, "generated cache: %d store paths, %,d NAR bytes, %,d .nar.xz bytes%n",
                        g.storePaths(), g.narBytes(), g.narXzBytes());
            } else if (!Files.isDirectory(dir)) {
                throw new ConfigException("--cache is not a directory", "cache", dir);
            }
            out.print(PipelineScaling.run(dir, work.resolve("run"), max, placement, rounds, level).report());
            out.flush();
            return ExitCode.OK;
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
