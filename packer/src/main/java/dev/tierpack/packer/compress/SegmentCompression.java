package dev.tierpack.packer.compress;

import com.github.luben.zstd.Zstd;
import dev.tierpack.packer.format.Codec;

/**
 * How segments are compressed. Validated on construction: {@link Codec#NONE} takes no parameters; zstd takes a
 * level in zstd's range that fits the format's signed level byte, and an optional window log (0 = zstd's choice
 * for the level) with optional long-distance matching (which needs a window log).
 */
public record SegmentCompression(Codec codec, int level, int windowLog, boolean longDistanceMatching) {
    public SegmentCompression {
        if (codec == null) {
            throw new IllegalArgumentException("codec is required");
        }
        if (codec == Codec.NONE && (level != 0 || windowLog != 0 || longDistanceMatching)) {
            throw new IllegalArgumentException("codec none takes no level or window: " + level + "/" + windowLog);
        }
        if (codec == Codec.ZSTD) {
            int min = Math.max(Zstd.minCompressionLevel(), Byte.MIN_VALUE);
            if (level < min || level > Zstd.maxCompressionLevel() || level == 0) {
                throw new IllegalArgumentException("zstd level must be in [" + min + ", " + Zstd.maxCompressionLevel()
                        + "] and not 0: " + level);
            }
            if (windowLog != 0 && (windowLog < Zstd.windowLogMin() || windowLog > Zstd.windowLogMax())) {
                throw new IllegalArgumentException("zstd window log must be 0 or in [" + Zstd.windowLogMin() + ", "
                        + Zstd.windowLogMax() + "]: " + windowLog);
            }
            if (longDistanceMatching && windowLog == 0) {
                throw new IllegalArgumentException("long-distance matching needs a window log");
            }
        }
    }

    /** Segments stored uncompressed. */
    public static SegmentCompression none() {
        return new SegmentCompression(Codec.NONE, 0, 0, false);
    }

    /** zstd at {@code level} with the level's default window. */
    public static SegmentCompression zstd(int level) {
        return new SegmentCompression(Codec.ZSTD, level, 0, false);
    }

    /** zstd at {@code level} with long-distance matching over a {@code 2^windowLog} window. */
    public static SegmentCompression zstdLong(int level, int windowLog) {
        return new SegmentCompression(Codec.ZSTD, level, windowLog, true);
    }
}
