package dev.tierpack.campaign.config;

import dev.tierpack.core.error.ConfigException;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Rate limits of a campaign; an absent limit is no limit.
 *
 * @param sourceRequestsPerSecond requests per second to the source bucket
 * @param sourceBytesPerSecond bytes per second read from the source
 * @param tierRequestsPerSecond requests per second to each tier
 */
public record Limits(OptionalDouble sourceRequestsPerSecond, OptionalLong sourceBytesPerSecond,
        OptionalDouble tierRequestsPerSecond) {
    public Limits {
        positive(sourceRequestsPerSecond, "sourceRequestsPerSecond");
        if (sourceBytesPerSecond.isPresent() && sourceBytesPerSecond.getAsLong() <= 0) {
            throw new ConfigException("must be positive", "key", "sourceBytesPerSecond",
                    "value", sourceBytesPerSecond.getAsLong());
        }
        positive(tierRequestsPerSecond, "tierRequestsPerSecond");
    }

    public static Limits none() {
        return new Limits(OptionalDouble.empty(), OptionalLong.empty(), OptionalDouble.empty());
    }

    private static void positive(OptionalDouble v, String key) {
        if (v.isPresent() && !(v.getAsDouble() > 0 && Double.isFinite(v.getAsDouble()))) {
            throw new ConfigException("must be a positive number", "key", key, "value", v.getAsDouble());
        }
    }
}
