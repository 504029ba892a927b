package dev.tierpack.manifests.read;

/**
 * How {@link NarReassembler} fetches: the memory one NAR stream may hold is bounded by
 * {@code prefetchRanges * maxRangeBytes + (readaheadSegments + 2) * largest raw segment} (the stored bytes of the
 * ranges fetched ahead, and decoded segments queued for the writer plus the one being decoded and the one being
 * written), whatever the NAR's size; a segment larger than {@code maxRangeBytes} is fetched alone and counts as one
 * range. On top of that, all streams of one reassembler share one {@link SegmentCache} of {@code segmentCacheBytes}.
 *
 * @param maxRangeBytes     largest merged range GET: adjacent segments of one pack are fetched together up to this
 *                          many stored bytes (a single larger segment is fetched alone)
 * @param prefetchRanges    range GETs running ahead of decoding (at least 1)
 * @param readaheadSegments decoded segments queued ahead of the writer (at least 1)
 * @param segmentCacheBytes raw bytes of recently decoded segments kept for all streams, so that a NAR referring to a
 *                          segment a recent NAR (or itself) already read does not fetch it again; 0 disables it
 * @param locationBatch     chunk references resolved per chunk index lookup
 * @param verifyChunks      check each chunk's SHA-256 against its id (the NarHash check at the end always runs;
 *                          this only detects a bad chunk earlier, at the cost of hashing every byte twice)
 */
public record ReassemblyConfig(int maxRangeBytes, int prefetchRanges, int readaheadSegments, long segmentCacheBytes,
        int locationBatch, boolean verifyChunks) {
    public static final int DEFAULT_MAX_RANGE = 16 << 20;

    public ReassemblyConfig {
        if (maxRangeBytes < 1) {
            throw new IllegalArgumentException("maxRangeBytes must be positive: " + maxRangeBytes);
        }
        if (prefetchRanges < 1) {
            throw new IllegalArgumentException("prefetchRanges must be at least 1: " + prefetchRanges);
        }
        if (readaheadSegments < 1) {
            throw new IllegalArgumentException("readaheadSegments must be at least 1: " + readaheadSegments);
        }
        if (segmentCacheBytes < 0) {
            throw new IllegalArgumentException("segmentCacheBytes must not be negative: " + segmentCacheBytes);
        }
        if (locationBatch < 1) {
            throw new IllegalArgumentException("locationBatch must be positive: " + locationBatch);
        }
    }

    /**
     * 16 MiB ranges, 2 ranges fetched ahead, 2 decoded segments queued, a 256 MiB shared segment cache, 1024
     * locations per lookup, no chunk hashing: at most 32 + 4 x 8 (default segments) = 64 MiB per stream, typically
     * far less, plus the shared cache.
     */
    public static ReassemblyConfig defaults() {
        return new ReassemblyConfig(DEFAULT_MAX_RANGE, 2, 2, 256L << 20, 1024, false);
    }

    public ReassemblyConfig withVerifyChunks(boolean verify) {
        return new ReassemblyConfig(maxRangeBytes, prefetchRanges, readaheadSegments, segmentCacheBytes, locationBatch,
                verify);
    }

    public ReassemblyConfig withMaxRangeBytes(int bytes) {
        return new ReassemblyConfig(bytes, prefetchRanges, readaheadSegments, segmentCacheBytes, locationBatch,
                verifyChunks);
    }

    public ReassemblyConfig withSegmentCacheBytes(long bytes) {
        return new ReassemblyConfig(maxRangeBytes, prefetchRanges, readaheadSegments, bytes, locationBatch,
                verifyChunks);
    }
}
