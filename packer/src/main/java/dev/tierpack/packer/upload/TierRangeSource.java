package dev.tierpack.packer.upload;

import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.pack.RangeSource;
import java.io.InputStream;

/** Range reads of one tier object: each {@link #open} is one range GET. */
public record TierRangeSource(Tier tier, String key) implements RangeSource {
    @Override
    public InputStream open(long offset, long length) {
        return tier.readRange(key, offset, length);
    }
}
