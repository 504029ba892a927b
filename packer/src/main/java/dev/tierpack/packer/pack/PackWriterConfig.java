package dev.tierpack.packer.pack;

import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.Codec;
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
    /** Warm segments: 4 MiB raw, so a chunk read fetches and decompresses at most ~4 MiB. */
    public static final int DEFAULT_SEGMENT_SIZE = 4 << 20;
    /**
     * zstd level of cold segments: the fastest level whose ratio the benchmarks found worth it for the bulk of the
     * data (BENCHMARKS.md, "Choice of defaults").
     */
    public static final int DEFAULT_LEVEL = 3;
    /**
     * zstd level of warm segments: warm holds a small share of the data (the newest bumps' closures), so a stronger
     * level costs little ingest time overall; level 6 stores 4-7% fewer warm bytes than level 3 for about twice its
     * CPU time, higher levels add ≤ 2 points for 2-10 times more (BENCHMARKS.md, "Warm compression").
     */
    public static final int WARM_LEVEL = 6;
    /** Warm window: 2^22 = 4 MiB, the whole segment; costs no measurable speed. */
    public static final int WARM_WINDOW_LOG = 22;
    /** Cold segments: 128 MiB raw, four per default pack (a cold read restores the whole pack anyway). */
    public static final int COLD_SEGMENT_SIZE = 128 << 20;
    /** Cold window: 2^27 = 128 MiB, the whole segment, with zstd's long-distance matching. */
    public static final int COLD_WINDOW_LOG = 27;

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

    /**
     * Whether chunks judged incompressible go to a stored (codec none) segment ({@link PackWriter#addIncompressible}):
     * only without long-distance matching. Over a long window (cold) zstd still finds repeats between already
     * compressed files that chunk deduplication misses (0.55 points of the corpus), at no measurable CPU cost.
     */
    public boolean storesIncompressible() {
        return !compression.longDistanceMatching();
    }

    /**
     * The packing the benchmarks chose (docs/BENCHMARKS.md, "Choice of defaults"), by tier; {@code content} only
     * goes into the header. Packs are 512 MiB (FORMAT.md 6).
     *
     * <ul>
     *   <li>{@link TierCode#WARM}: hot store paths, read by clients. 4 MiB segments of zstd level 6 with a window
     *       of the whole segment: a chunk read fetches at most ~4 MiB and decompresses it in a few milliseconds.
     *       Warm holds the hot minority of the data (the newest versions, stored without older versions to compress
     *       against), so it stores more per source byte than cold; level 6 takes 4-7% off that for about twice level
     *       3's compression time, which at a small warm share is a small part of the ingest time.</li>
     *   <li>{@link TierCode#COLD}: the long tail, written once and read rarely (a read restores the whole pack
     *       first). 128 MiB segments of zstd level 3 with long-distance matching over the whole segment: successive
     *       versions of a package, ingested next to each other, fall into one window, which recovers most of what
     *       chunk-level deduplication misses. Writer memory: one raw segment plus its compressed form (~256 MiB) plus
     *       zstd's tables; a read decompresses a whole segment (128 MiB).</li>
     * </ul>
     */
    public static PackWriterConfig defaults(TierCode tier, ContentCode content) {
        return switch (tier) {
            case WARM -> new PackWriterConfig(DEFAULT_PACK_SIZE, DEFAULT_SEGMENT_SIZE,
                    new SegmentCompression(Codec.ZSTD, WARM_LEVEL, WARM_WINDOW_LOG, false), tier, content);
            case COLD -> new PackWriterConfig(DEFAULT_PACK_SIZE, COLD_SEGMENT_SIZE,
                    SegmentCompression.zstdLong(DEFAULT_LEVEL, COLD_WINDOW_LOG), tier, content);
        };
    }
}
