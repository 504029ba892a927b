package dev.tierpack.manifests.restore;

import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.error.ConfigException;
import java.time.Duration;

/**
 * How long AWS says a restore takes at most, by storage class and retrieval tier (S3 User Guide, "Archive retrieval
 * options"): S3 Glacier Flexible Retrieval: Expedited 1-5 minutes, Standard 3-5 hours, Bulk 5-12 hours; S3 Glacier
 * Deep Archive: Standard within 12 hours, Bulk within 48 hours, no Expedited. The ETA tierpack reports is the request
 * time plus this upper bound.
 */
public final class RestoreTimes {
    private RestoreTimes() {}

    /**
     * @throws ConfigException for a combination AWS does not offer (Expedited from DEEP_ARCHIVE) or a class that
     *     needs no restore
     */
    public static Duration upperBound(StorageClass cls, RestoreTier tier) {
        return switch (cls) {
            case GLACIER -> switch (tier) {
                case EXPEDITED -> Duration.ofMinutes(5);
                case STANDARD -> Duration.ofHours(5);
                case BULK -> Duration.ofHours(12);
            };
            case DEEP_ARCHIVE -> switch (tier) {
                case EXPEDITED -> throw new ConfigException("Expedited restores are not offered for DEEP_ARCHIVE",
                        "storageClass", cls, "restoreTier", tier);
                case STANDARD -> Duration.ofHours(12);
                case BULK -> Duration.ofHours(48);
            };
            case STANDARD, GLACIER_IR -> throw new ConfigException("storage class needs no restore", "storageClass", cls);
        };
    }
}
