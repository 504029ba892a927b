package dev.tierpack.campaign.placement;

import dev.tierpack.campaign.config.PlacementConfig;
import dev.tierpack.core.placement.PlacementPolicy;
import java.time.Duration;
import java.util.Optional;

/** Maps the campaign file's {@code placement:} section onto the {@link PlacementPolicy} of the runtime settings. */
public final class PlacementPolicies {
    private PlacementPolicies() {}

    /**
     * The policy of a {@code placement:} section: {@code hotRoots} are the channel roots, {@code hotNewestBumps} the
     * newest bumps per channel kept hot, {@code fixedOutputsHot}, {@code accessLog} (every listed path with at least
     * one hit is hot), {@code pins}, {@code maxAgeDays}. A section without hot roots, access log, pins or age is no
     * policy: everything stays warm.
     */
    public static PlacementPolicy fromConfig(PlacementConfig c) {
        return new PlacementPolicy(c.hotRoots(), c.hotNewestBumps(), c.fixedOutputsHot(), c.accessLog(), 1, c.pins(),
                c.maxAgeDays().isPresent() ? Optional.of(Duration.ofDays(c.maxAgeDays().getAsInt())) : Optional.empty());
    }
}
