package dev.tierpack.core.tier;

/**
 * Tuning shared by every kind of tier.
 *
 * @param partSize upload part size (5 MiB to 1 GiB; memory per concurrent upload)
 * @param listPageSize keys per LIST request (1 to 1000)
 */
public record TierOptions(int partSize, int listPageSize) {
    public TierOptions {
        if (partSize < Tier.MIN_PART_SIZE || partSize > Tier.MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size out of range: " + partSize);
        }
        if (listPageSize < 1 || listPageSize > 1000) {
            throw new IllegalArgumentException("list page size out of range: " + listPageSize);
        }
    }

    /** 16 MiB parts, 1000 keys per page. */
    public static TierOptions defaults() {
        return new TierOptions(Tier.DEFAULT_PART_SIZE, 1000);
    }
}
