package dev.tierpack.packer.pack;

import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;

/**
 * Parameters of one pack: the size at which {@link PackWriter#isFull()} turns true, the raw size at which a
 * segment is compressed and written (the unit of a chunk read), segment compression, and what the header says.
 */
public record PackWriterConfig(
        long targetPackSize, int targetSegmentSize, SegmentCompression compression, TierCode tier, ContentCode content) {
    /** Largest segment target: a segment and its compressed form are held in memory while writing and reading. */
    public static final int MAX_SEGMENT_SIZE = 1 << 30;
    public static final long DEFAULT_PACK_SIZE = 512L << 20;
    public static final int DEFAULT_SEGMENT_SIZE = 8 << 20;
    public static final int DEFAULT_LEVEL = 3;

    public PackWriterConfig {
        if (targetPackSize <= 0) {
            throw new IllegalArgumentException("target pack size must be positive: " + targetPackSize);
        }
        if (targetSegmentSize <= 0 || targetSegmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("target segment size must be in [1, " + MAX_SEGMENT_SIZE + "]: " + targetSegmentSize);
        }
        if (compression == null || tier == null || content == null) {
            throw new IllegalArgumentException("compression, tier and content are required");
        }
    }

    /** 512 MiB packs (FORMAT.md 6) of 8 MiB zstd segments at zstd's default level 3. */
    public static PackWriterConfig defaults(TierCode tier, ContentCode content) {
        return new PackWriterConfig(DEFAULT_PACK_SIZE, DEFAULT_SEGMENT_SIZE, SegmentCompression.zstd(DEFAULT_LEVEL), tier, content);
    }
}
