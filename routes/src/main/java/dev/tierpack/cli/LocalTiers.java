package dev.tierpack.cli;

import dev.tierpack.campaign.config.ColdTierConfig;
import dev.tierpack.campaign.config.WarmTierConfig;

/**
 * The buckets of a state directory's own tiers on its embedded S3 server ({@code STATE_DIR/s3}): the default of
 * {@code --warm} ({@link TierUriOptions}), the maintenance commands' cold tier without {@code --cold}
 * ({@link TierSelection}) and the demo's tiers. {@link CommandTiers} opens them.
 */
final class LocalTiers {
    static final String WARM_BUCKET = WarmTierConfig.Embedded.DEFAULT_BUCKET;
    static final String COLD_BUCKET = ColdTierConfig.Embedded.DEFAULT_BUCKET;

    private LocalTiers() {}
}
