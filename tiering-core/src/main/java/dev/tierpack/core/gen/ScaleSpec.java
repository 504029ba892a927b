package dev.tierpack.core.gen;

import dev.tierpack.core.error.ConfigException;

/**
 * What {@link SyntheticNarinfoSource} serves: {@code objects} narinfos of a cache at scale, derived from {@code seed}.
 *
 * @param seed             all content derives from it (same spec, same bytes)
 * @param objects          number of store paths (one narinfo each), 1..10^9
 * @param medianNarSize    median NarSize in bytes; sizes are lognormal around it
 * @param narSizeSigma     sigma of ln(NarSize): 2.0 gives a long tail (p99 ~100x the median)
 * @param meanReferences   mean number of references of a built path (geometric, capped at 256)
 * @param fixedOutputShare share of fixed-output paths (sources: no references, {@code CA: fixed:})
 */
public record ScaleSpec(long seed, long objects, long medianNarSize, double narSizeSigma, double meanReferences,
        double fixedOutputShare) {
    public static final long MAX_OBJECTS = 1_000_000_000L;

    public ScaleSpec {
        if (objects < 1 || objects > MAX_OBJECTS) {
            throw new ConfigException("objects out of range", "objects", objects, "max", MAX_OBJECTS);
        }
        if (medianNarSize < 128) {
            throw new ConfigException("medianNarSize must be >= 128", "medianNarSize", medianNarSize);
        }
        if (!(narSizeSigma >= 0 && narSizeSigma <= 5)) {
            throw new ConfigException("narSizeSigma must be within 0..5", "narSizeSigma", narSizeSigma);
        }
        if (!(meanReferences >= 0 && meanReferences <= 100)) {
            throw new ConfigException("meanReferences must be within 0..100", "meanReferences", meanReferences);
        }
        if (!(fixedOutputShare >= 0 && fixedOutputShare <= 1)) {
            throw new ConfigException("fixedOutputShare must be within 0..1", "fixedOutputShare", fixedOutputShare);
        }
    }

    /**
     * Shaped like a large public Nix cache: median NAR ~200 KB with a lognormal tail to GBs, ~8 references per built
     * path (most to a few popular paths such as glibc), one path in ten a fixed-output source.
     */
    public static ScaleSpec nixpkgsLike(long seed, long objects) {
        return new ScaleSpec(seed, objects, 200_000, 2.0, 8.0, 0.1);
    }
}
