package dev.tierpack.packer.bench;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.DirectorySink;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.nix.SecretKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the generated cache the packing benchmarks use beside the real-Nix corpus: {@link #spec} with 6 channel
 * bumps, mass rebuilds at bumps 3 and 5 and 40% of packages updated per bump. Contents depend only on the spec (the
 * signing key is fresh, so only the {@code Sig} lines differ between runs).
 *
 * <p>Usage: {@code GenerateCache DIR [SEED [PACKAGES [SIZE_SCALE]]]}, defaults 1, 40, 2.0 (about 146 MB of NARs,
 * the size of the corpus). DIR must not exist yet. The channel bumps' closures go to {@code DIR-channels/bumpN.txt}
 * (one store path a line, like the corpus's {@code channels/}), for placement ({@code --hot-roots}).
 */
public final class GenerateCache {
    private GenerateCache() {}

    /** The benchmark cache's spec. */
    public static GeneratorSpec spec(long seed, int packages, double sizeScale) {
        return new GeneratorSpec(seed, packages, 6, Set.of(3, 5), 0.4, sizeScale, "bench.tierpack.dev-1");
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 4) {
            throw new ConfigException("usage: GenerateCache DIR [SEED [PACKAGES [SIZE_SCALE]]]");
        }
        Path dir = Path.of(args[0]);
        if (Files.exists(dir)) {
            throw new ConfigException("target exists", "dir", dir);
        }
        GeneratorSpec spec = spec(args.length > 1 ? Long.parseLong(args[1]) : 1, args.length > 2 ? Integer.parseInt(args[2]) : 40,
                args.length > 3 ? Double.parseDouble(args[3]) : 2.0);
        SecretKey key = SecretKey.generate(spec.keyName());
        GeneratedCache c = new CacheGenerator(spec, key).generate(new DirectorySink(dir));
        Path channels = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-channels"));
        for (int i = 0; i < c.bumps().size(); i++) {
            Files.write(channels.resolve("bump" + (i + 1) + ".txt"), c.bumps().get(i));
        }
        System.out.printf(Locale.ROOT, "%s: %d store paths, %,d NAR bytes, %,d .nar.xz bytes (%.3f)%n", dir, c.storePaths(),
                c.narBytes(), c.narXzBytes(), (double) c.narXzBytes() / c.narBytes());
    }
}
