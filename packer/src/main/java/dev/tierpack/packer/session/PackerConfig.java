package dev.tierpack.packer.session;

import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a packing session chunks and packs.
 *
 * @param chunker        content-defined chunking parameters (part of dedup identity: keep them stable)
 * @param warm           pack layout for warm packs
 * @param cold           pack layout for cold packs (store paths placed cold)
 * @param stagingMemory  bytes of a store path's new chunks held in memory before spilling to {@code workDir}
 * @param workDir        local scratch space (staging spill files)
 */
public record PackerConfig(ChunkerParams chunker, PackWriterConfig warm, long stagingMemory, Path workDir,
        PackWriterConfig cold) {
    public static final long DEFAULT_STAGING_MEMORY = 64L << 20;

    public PackerConfig {
        Objects.requireNonNull(chunker, "chunker");
        Objects.requireNonNull(warm, "warm");
        Objects.requireNonNull(workDir, "workDir");
        if (warm.tier() != TierCode.WARM) {
            throw new IllegalArgumentException("warm pack config must be for the warm tier");
        }
        Objects.requireNonNull(cold, "cold");
        if (cold.tier() != TierCode.COLD || cold.content() != ContentCode.DATA) {
            throw new IllegalArgumentException("cold pack config must be for data packs on the cold tier");
        }
        if (stagingMemory < 0) {
            throw new IllegalArgumentException("stagingMemory < 0");
        }
    }

    /** With cold packs laid out by {@link #coldFor}. */
    public PackerConfig(ChunkerParams chunker, PackWriterConfig warm, long stagingMemory, Path workDir) {
        this(chunker, warm, stagingMemory, workDir, coldFor(warm));
    }

    /**
     * Cold packs of the same target size as {@code warm}'s, with the cold segment layout
     * ({@link PackWriterConfig#defaults}: long-window zstd over large segments), segments no larger than a pack.
     */
    public static PackWriterConfig coldFor(PackWriterConfig warm) {
        PackWriterConfig d = PackWriterConfig.defaults(TierCode.COLD, ContentCode.DATA);
        int segment = (int) Math.min(d.targetSegmentSize(), Math.max(warm.targetSegmentSize(), warm.targetPackSize()));
        return new PackWriterConfig(warm.targetPackSize(), segment, d.compression(), TierCode.COLD, ContentCode.DATA);
    }

    public static PackerConfig defaults(Path workDir) {
        return new PackerConfig(ChunkerParams.DEFAULT, PackWriterConfig.defaults(TierCode.WARM, ContentCode.DATA),
                DEFAULT_STAGING_MEMORY, workDir);
    }
}
