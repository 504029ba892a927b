package dev.tierpack.cli;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.ColdTierConfig;
import dev.tierpack.campaign.config.WarmTierConfig;
import dev.tierpack.campaign.runtime.RuntimeSettings;

/**
 * The runtime settings of a campaign file, for {@code campaign worker --config} and {@code campaign list --config}:
 * name, source, state dir, Kafka, tiers, listing concurrency and pack size. A minimal mapping until the campaign
 * configuration work maps every key ({@code campaign run --config}); budget, limits and placement are not applied
 * by these commands yet.
 */
final class ConfigRuntimeSettings {
    private ConfigRuntimeSettings() {}

    static RuntimeSettings of(CampaignConfig c) {
        RuntimeSettings.TierChoice warm = switch (c.warm()) {
            case WarmTierConfig.Embedded e -> new RuntimeSettings.TierChoice.Embedded(WarmTierConfig.NAME, e.bucket(), null);
            case WarmTierConfig.Minio m -> new RuntimeSettings.TierChoice.Spec(m.toSpec(() -> null));
        };
        RuntimeSettings.TierChoice cold = switch (c.cold()) {
            case ColdTierConfig.Embedded e -> new RuntimeSettings.TierChoice.Embedded(ColdTierConfig.NAME, e.bucket(),
                    e.storageClass().name());
            case ColdTierConfig.S3 s -> new RuntimeSettings.TierChoice.Spec(s.toSpec(() -> null));
        };
        RuntimeSettings s = RuntimeSettings.defaults(c.name(), new RuntimeSettings.SourceChoice.Uri(c.source().uri()),
                        c.stateDir())
                .withTiers(warm, cold)
                .withKafka(c.kafka().isEmbedded() ? RuntimeSettings.EMBEDDED : c.kafka().bootstrapServers())
                .withListing(Math.min(c.source().listPageSize(), RuntimeSettings.DEFAULT_LIST_PAGE_SIZE),
                        RuntimeSettings.DEFAULT_LIST_INTERVAL, c.concurrency())
                .withPackSize(c.packing().packSize());
        return s;
    }
}
