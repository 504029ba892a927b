package dev.tierpack.campaign.plan;

import dev.tierpack.core.error.ConfigException;

/**
 * Assumptions of a plan that the campaign file does not settle.
 *
 * @param storedRatio bytes stored in packs per byte of compressed NAR in the source (dedup and
 *     zstd against xz); used unless {@code sample} measures it. The default 1.0 claims no saving.
 * @param warmFraction share of the stored NAR data placed warm (until the placement engine computes it)
 * @param sample number of random store paths whose NARs are read, chunked, deduplicated and packed
 *     in memory to measure the stored ratio (0: use {@code storedRatio})
 * @param seed seed of the random choice of sampled store paths
 */
public record PlanOptions(double storedRatio, double warmFraction, int sample, long seed) {
    public static final double DEFAULT_STORED_RATIO = 1.0;
    public static final double DEFAULT_WARM_FRACTION = 0.1;
    public static final int MAX_SAMPLE = 10_000;

    public PlanOptions {
        if (!(storedRatio > 0 && storedRatio <= 10)) {
            throw new ConfigException("stored ratio must be in (0, 10]", "storedRatio", storedRatio);
        }
        if (!(warmFraction >= 0 && warmFraction <= 1)) {
            throw new ConfigException("warm fraction must be in [0, 1]", "warmFraction", warmFraction);
        }
        if (sample < 0 || sample > MAX_SAMPLE) {
            throw new ConfigException("sample size must be in [0, 10000]", "sample", sample);
        }
    }

    public static PlanOptions defaults() {
        return new PlanOptions(DEFAULT_STORED_RATIO, DEFAULT_WARM_FRACTION, 0, 1);
    }
}
