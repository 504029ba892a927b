package dev.tierpack.manifests.read;

import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.format.TierCode;
import java.util.Objects;
import java.util.Optional;

/**
 * The tiers chunks are read from, by the tier code of their location.
 *
 * @param warm the warm tier (manifest packs and index objects always live here)
 * @param cold the cold tier, or null when cold data is not readable from this process (it then needs a restore)
 */
public record ChunkTiers(Tier warm, Tier cold) {
    public ChunkTiers {
        Objects.requireNonNull(warm, "warm");
    }

    /** Only a warm tier. */
    public static ChunkTiers warmOnly(Tier warm) {
        return new ChunkTiers(warm, null);
    }

    /** The tier holding packs placed on {@code code}, if it is readable. */
    public Optional<Tier> tier(TierCode code) {
        return Optional.ofNullable(code == TierCode.WARM ? warm : cold);
    }
}
