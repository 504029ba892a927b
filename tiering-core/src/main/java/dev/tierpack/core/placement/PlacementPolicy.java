package dev.tierpack.core.placement;

import dev.tierpack.core.error.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The inputs of placement, all optional and combinable (docs/FORMAT.md "Placement"). A path is hot (warm tier) if a
 * hot rule reaches it, in this order, the first deciding: {@link PlacementRule#PIN pins}, {@link PlacementRule#CHANNEL
 * channel roots}, {@link PlacementRule#ACCESS access statistics}, {@link PlacementRule#AGE age} (each with the
 * closure of what it matches: a hot path whose references were cold could not be fetched), then
 * {@link PlacementRule#FIXED_OUTPUT fixed outputs} (the path alone). Every other path is cold.
 *
 * @param channelRoots    files listing the store paths of channel bumps ({@code <channel dir>/<name>N.txt}); a file's
 *                        channel is its directory plus its name without the trailing bump number
 * @param hotNewestBumps  only the newest N bumps of each channel are hot (by bump number); empty: every listed file.
 *                        A channel's newest bump is always among them, which keeps the last bump of an end-of-life
 *                        release hot
 * @param fixedOutputsHot fixed-output paths are hot
 * @param accessLog       a CSV of {@code hash,hits[,time]} (hash part or store path; lines of one hash add up)
 * @param minHits         hits at which an accessed path is hot (at least 1)
 * @param pins            store paths, hash parts or name patterns ({@code *}, {@code ?}): never cold
 * @param maxAge          paths last modified more recently than this are hot; paths of unknown age are not
 */
public record PlacementPolicy(List<Path> channelRoots, OptionalInt hotNewestBumps, boolean fixedOutputsHot,
        Optional<Path> accessLog, long minHits, List<String> pins, Optional<Duration> maxAge) {

    public PlacementPolicy {
        channelRoots = List.copyOf(channelRoots);
        Objects.requireNonNull(hotNewestBumps, "hotNewestBumps");
        Objects.requireNonNull(accessLog, "accessLog");
        pins = List.copyOf(pins);
        Objects.requireNonNull(maxAge, "maxAge");
        if (hotNewestBumps.isPresent() && hotNewestBumps.getAsInt() < 1) {
            throw new ConfigException("must be at least 1", "key", "hotNewestBumps", "value", hotNewestBumps.getAsInt());
        }
        if (minHits < 1) {
            throw new ConfigException("must be at least 1", "key", "minHits", "value", minHits);
        }
        if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
            throw new ConfigException("must be positive", "key", "maxAge", "value", maxAge.get());
        }
        for (int i = 0; i < pins.size(); i++) {
            PinMatcher.of(pins.get(i), "pins[" + i + "]");
        }
    }

    /** No placement: everything is warm. */
    public static PlacementPolicy none() {
        return new PlacementPolicy(List.of(), OptionalInt.empty(), false, Optional.empty(), 1, List.of(), Optional.empty());
    }

    /**
     * Whether this policy places anything cold: it needs at least one of channel roots, access log, pins or age
     * (fixed outputs alone would put every other path cold without anything saying what is hot).
     */
    public boolean active() {
        return !channelRoots.isEmpty() || accessLog.isPresent() || !pins.isEmpty() || maxAge.isPresent();
    }
}
