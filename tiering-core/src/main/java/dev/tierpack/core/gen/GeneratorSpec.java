package dev.tierpack.core.gen;

import dev.tierpack.core.error.ConfigException;
import java.util.Set;

/**
 * What the sample-cache generator produces.
 *
 * @param seed          all content derives from it: the same spec always yields byte-identical caches
 * @param packages      number of packages (each becomes one store path per version/rebuild)
 * @param bumps         channel bumps (1..n); each bump updates some packages to a new version
 * @param massRebuilds  bumps at which every path is rebuilt against a new stdenv (contents change only in
 *                      embedded store-path references, as in real Nix mass rebuilds)
 * @param updateRate    fraction of packages that get a new version at each bump (0..1)
 * @param sizeScale     multiplies file sizes (1.0 = a few hundred KiB per store path on average)
 * @param keyName       name of the signing key written into every Sig line
 */
public record GeneratorSpec(long seed, int packages, int bumps, Set<Integer> massRebuilds, double updateRate,
        double sizeScale, String keyName) {

    public GeneratorSpec {
        if (packages < 1 || packages > 10_000_000) {
            throw new ConfigException("packages out of range", "packages", packages);
        }
        if (bumps < 1 || bumps > 1000) {
            throw new ConfigException("bumps out of range", "bumps", bumps);
        }
        massRebuilds = Set.copyOf(massRebuilds);
        for (int b : massRebuilds) {
            if (b < 2 || b > bumps) {
                throw new ConfigException("mass rebuild must be at a bump in 2..bumps", "bump", b, "bumps", bumps);
            }
        }
        if (!(updateRate >= 0 && updateRate <= 1)) {
            throw new ConfigException("updateRate must be within 0..1", "updateRate", updateRate);
        }
        if (!(sizeScale > 0 && sizeScale <= 1000)) {
            throw new ConfigException("sizeScale must be within (0, 1000]", "sizeScale", sizeScale);
        }
        if (keyName == null || keyName.isBlank() || keyName.contains(":")) {
            throw new ConfigException("keyName must be non-empty without ':'", "keyName", keyName);
        }
    }

    /** The demo's cache: small enough to migrate in well under two minutes on two cores. */
    public static GeneratorSpec demo() {
        return new GeneratorSpec(42, 24, 6, Set.of(3, 5), 0.4, 1.0, "demo.tierpack.dev-1");
    }
}
