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
 * @param stagingMemory  bytes of a store path's new chunks held in memory before spilling to {@code workDir}
 * @param workDir        local scratch space (staging spill files)
 */
public record PackerConfig(ChunkerParams chunker, PackWriterConfig warm, long stagingMemory, Path workDir) {
    public static final long DEFAULT_STAGING_MEMORY = 64L << 20;

    public PackerConfig {
        Objects.requireNonNull(chunker, "chunker");
        Objects.requireNonNull(warm, "warm");
        Objects.requireNonNull(workDir, "workDir");
        if (warm.tier() != TierCode.WARM) {
            throw new IllegalArgumentException("warm pack config must be for the warm tier");
        }
        if (stagingMemory < 0) {
            throw new IllegalArgumentException("stagingMemory < 0");
        }
    }

    public static PackerConfig defaults(Path workDir) {
        return new PackerConfig(ChunkerParams.DEFAULT, PackWriterConfig.defaults(TierCode.WARM, ContentCode.DATA),
                DEFAULT_STAGING_MEMORY, workDir);
    }
}
