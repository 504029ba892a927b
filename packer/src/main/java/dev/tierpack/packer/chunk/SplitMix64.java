package dev.tierpack.packer.chunk;

/**
 * Steele, Lea and Flood's SplitMix64 generator (OOPSLA 2014), as published and as used to seed
 * {@code java.util.SplittableRandom}. Kept in the project, rather than borrowed from the JDK,
 * because its exact output is part of the chunk boundary format through {@link GearTable}: the
 * JDK does not promise that its generators never change.
 */
final class SplitMix64 {
    /** The golden-ratio increment {@code 2^64 / phi}, rounded to odd. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** Advances the state by {@link #GAMMA} and returns the mixed new state. */
    long next() {
        state += GAMMA;
        return mix(state);
    }

    /** The SplitMix64 finalizer (a variant of MurmurHash3's fmix64 with Stafford's "Mix13" constants). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
