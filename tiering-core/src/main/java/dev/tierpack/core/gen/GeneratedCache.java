package dev.tierpack.core.gen;

import java.util.List;

/**
 * What the generator wrote.
 *
 * @param storePaths  distinct store paths (one narinfo, one NAR and one listing each)
 * @param narBytes    total uncompressed NAR bytes
 * @param narXzBytes  total bytes of the {@code .nar.xz} objects
 * @param bumps       for each channel bump (1-based order), the full store paths of its closure, sorted
 */
public record GeneratedCache(int storePaths, long narBytes, long narXzBytes, List<List<String>> bumps) {
    public GeneratedCache {
        bumps = bumps.stream().map(List::copyOf).toList();
    }

    /** Objects in the cache: per store path a narinfo, a NAR and a listing, plus nix-cache-info. */
    public int objects() {
        return 3 * storePaths + 1;
    }
}
