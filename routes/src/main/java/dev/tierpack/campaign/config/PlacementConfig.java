package dev.tierpack.campaign.config;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.core.source.KeyKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Inputs of the placement policy (which store paths stay warm); parsed and validated here, used by
 * the placement engine. Paths are absolute (resolved against the campaign file's directory).
 *
 * @param hotRoots files listing store paths of channel bumps; their closures are hot
 * @param fixedOutputsHot whether fixed-output paths (source tarballs) stay warm (default true)
 * @param accessLog a CSV of store-path hash and hit counts, if any
 * @param pins store paths ({@code /nix/store/…}), hash parts, or name patterns ({@code *} and {@code ?}) that are never cold
 * @param hotNewestBumps the newest N bumps per channel count as hot
 * @param maxAgeDays paths last modified more than this many days ago may go cold
 */
public record PlacementConfig(List<Path> hotRoots, boolean fixedOutputsHot, Optional<Path> accessLog,
        List<String> pins, OptionalInt hotNewestBumps, OptionalInt maxAgeDays) {
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9+._?*=-]+");

    public PlacementConfig {
        hotRoots = List.copyOf(hotRoots);
        for (int i = 0; i < hotRoots.size(); i++) {
            if (!hotRoots.get(i).isAbsolute()) {
                throw new ConfigException("path must be absolute", "key", "hotRoots[" + i + "]", "value", hotRoots.get(i));
            }
        }
        Objects.requireNonNull(accessLog, "accessLog");
        pins = List.copyOf(pins);
        for (int i = 0; i < pins.size(); i++) {
            checkPin(pins.get(i), "pins[" + i + "]");
        }
        atLeastOne(hotNewestBumps, "hotNewestBumps");
        atLeastOne(maxAgeDays, "maxAgeDays");
    }

    public static PlacementConfig defaults() {
        return new PlacementConfig(List.of(), true, Optional.empty(), List.of(), OptionalInt.empty(), OptionalInt.empty());
    }

    private static void checkPin(String pin, String key) {
        if (pin.startsWith("/")) {
            try {
                StorePath.parse(pin);
            } catch (RuntimeException e) {
                throw new ConfigException("not a store path: " + e.getMessage(), "key", key, "value", pin);
            }
        } else if (!(pin.length() == KeyKind.HASH_PART_LENGTH && KeyKind.isNix32(pin))
                && !NAME_PATTERN.matcher(pin).matches()) {
            throw new ConfigException("expected a store path, a hash part or a name pattern (letters, digits, +._-=, * and ?)",
                    "key", key, "value", pin);
        }
    }

    private static void atLeastOne(OptionalInt v, String key) {
        if (v.isPresent() && v.getAsInt() < 1) {
            throw new ConfigException("must be at least 1", "key", key, "value", v.getAsInt());
        }
    }
}
