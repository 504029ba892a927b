package dev.tierpack.core.tier;

import dev.tierpack.core.error.ConfigException;

/** The settings checks the tier builders ({@link S3Tier.Builder}, {@link MinioTier.Builder}) share. */
final class TierBuilders {
    private TierBuilders() {}

    /** A tier needs a name and a bucket. */
    static void requireNames(String name, String bucket) {
        if (name == null || name.isBlank()) {
            throw new ConfigException("tier name must not be blank");
        }
        if (bucket == null || bucket.isBlank()) {
            throw new ConfigException("bucket must not be blank", "tier", name);
        }
    }

    /** A part size from {@link Tier#MIN_PART_SIZE} to {@link Tier#MAX_PART_SIZE}, returned. */
    static int partSize(String name, int partSize) {
        if (partSize < Tier.MIN_PART_SIZE || partSize > Tier.MAX_PART_SIZE) {
            throw new ConfigException("part size out of range", "tier", name, "partSize", partSize,
                    "min", Tier.MIN_PART_SIZE, "max", Tier.MAX_PART_SIZE);
        }
        return partSize;
    }

    /** Keys per LIST request, 1 to 1000, returned. */
    static int listPageSize(String name, int listPageSize) {
        if (listPageSize < 1 || listPageSize > 1000) {
            throw new ConfigException("list page size out of range", "tier", name, "listPageSize", listPageSize);
        }
        return listPageSize;
    }
}
