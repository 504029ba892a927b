package dev.tierpack.campaign.config;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.util.Objects;

/**
 * How a campaign chunks and packs. Defaults are the packer's: 16 KiB average chunks, 512 MiB packs of
 * 8 MiB segments, zstd level 3, uploads in 16 MiB parts.
 *
 * @param chunker content-defined chunking (changing it later stops new data deduplicating against old)
 * @param packSize target pack size
 * @param segmentSize target raw segment size (the unit of a chunk read)
 * @param zstdLevel segment compression level
 * @param partSize upload part size (memory per concurrent upload)
 */
public record PackingConfig(ChunkerParams chunker, long packSize, int segmentSize, int zstdLevel, int partSize) {
    /** Smallest pack size accepted: smaller packs make the archive classes' per-object costs dominate. */
    public static final long MIN_PACK_SIZE = 1L << 20;

    public PackingConfig {
        Objects.requireNonNull(chunker, "chunker");
        if (packSize < MIN_PACK_SIZE) {
            throw new ConfigException("pack size must be at least 1MiB", "key", "packSize", "value", packSize);
        }
        if (segmentSize <= 0 || segmentSize > PackWriterConfig.MAX_SEGMENT_SIZE || segmentSize > packSize) {
            throw new ConfigException("segment size must be in [1B, min(packSize, 1GiB)]", "key", "segmentSize",
                    "value", segmentSize);
        }
        try {
            SegmentCompression.zstd(zstdLevel);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), "key", "zstdLevel", "value", zstdLevel);
        }
        if (partSize < Tier.MIN_PART_SIZE || partSize > Tier.MAX_PART_SIZE) {
            throw new ConfigException("part size must be in [5MiB, 1GiB]", "key", "partSize", "value", partSize);
        }
    }

    public static PackingConfig defaults() {
        return new PackingConfig(ChunkerParams.DEFAULT, PackWriterConfig.DEFAULT_PACK_SIZE,
                PackWriterConfig.DEFAULT_SEGMENT_SIZE, PackWriterConfig.DEFAULT_LEVEL, Tier.DEFAULT_PART_SIZE);
    }

    /** The pack layout for packs of {@code tier}. */
    public PackWriterConfig packWriter(TierCode tier) {
        return new PackWriterConfig(packSize, segmentSize, SegmentCompression.zstd(zstdLevel), tier, ContentCode.DATA);
    }
}
