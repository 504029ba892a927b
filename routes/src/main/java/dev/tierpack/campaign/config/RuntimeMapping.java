package dev.tierpack.campaign.config;

import dev.tierpack.campaign.runtime.CostSettings;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.error.ConfigException;
import java.time.Clock;
import java.util.Optional;

/**
 * Maps a validated campaign file onto the runtime's {@link RuntimeSettings}: name, source, state dir, Kafka, tiers,
 * packing, listing page size and concurrency, and the cost settings (price table by role, budget, rate limits).
 * Batching (store paths per transaction, maximum batch age) and the work topic's partitions are not file keys:
 * they keep the runtime's defaults unless the caller overrides them. Of {@code packing} only the pack size is
 * mapped (the runtime derives its segment size from it); placement inputs are not mapped here.
 */
public final class RuntimeMapping {
    private RuntimeMapping() {}

    /** The settings of {@code c}, with the system clock. */
    public static RuntimeSettings settings(CampaignConfig c) {
        return settings(c, Clock.systemUTC());
    }

    /**
     * The settings of {@code c}.
     *
     * @throws ConfigException naming the key when a value is valid in the file but not for the runtime (the
     *                         runtime's campaign names are lower case: they name Kafka topics and directories)
     */
    public static RuntimeSettings settings(CampaignConfig c, Clock clock) {
        if (!c.name().matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            throw new ConfigException("campaign name must be 1-63 lowercase letters, digits, '-' or '_' to run",
                    "file", c.file(), "key", "name", "value", c.name());
        }
        RuntimeSettings.SourceChoice source = new RuntimeSettings.SourceChoice.Uri(c.source().uri());
        RuntimeSettings s = RuntimeSettings.defaults(c.name(), source, c.stateDir())
                .withKafka(c.kafka().isEmbedded() ? RuntimeSettings.EMBEDDED : c.kafka().bootstrapServers())
                .withTiers(warm(c.warm()), cold(c.cold()))
                .withListing(c.source().listPageSize(), RuntimeSettings.DEFAULT_LIST_INTERVAL, c.concurrency())
                .withPackSize(c.packing().packSize())
                .withCost(new CostSettings(c.tariff(), Optional.of(c.budget()), c.limits(), clock))
                .withResilience(dev.tierpack.campaign.runtime.ResilienceSettings.fromLimits(c.limits()))
                .withPlacement(dev.tierpack.campaign.placement.PlacementPolicies.fromConfig(c.placement()));
        return s;
    }

    static RuntimeSettings.TierChoice warm(WarmTierConfig w) {
        return switch (w) {
            case WarmTierConfig.Embedded e -> new RuntimeSettings.TierChoice.Embedded(WarmTierConfig.NAME, e.bucket(), null);
            case WarmTierConfig.Minio m -> new RuntimeSettings.TierChoice.Spec(m.toSpec(RuntimeMapping::noServer));
        };
    }

    static RuntimeSettings.TierChoice cold(ColdTierConfig c) {
        return switch (c) {
            case ColdTierConfig.Embedded e -> new RuntimeSettings.TierChoice.Embedded(ColdTierConfig.NAME, e.bucket(),
                    e.storageClass().name());
            case ColdTierConfig.S3 s -> new RuntimeSettings.TierChoice.Spec(s.toSpec(RuntimeMapping::noServer));
        };
    }

    private static dev.tierpack.core.embedded.EmbeddedS3 noServer() {
        throw new IllegalStateException("a non-embedded tier asked for the embedded server");
    }
}
