package dev.tierpack.manifests.read;

/**
 * How {@link NarReassembler} fetches: the memory one NAR stream may hold is bounded by
 * {@code maxRangeBytes + (readaheadSegments + 2) * largest raw segment + segmentCacheBytes} (one range of stored
 * bytes being decoded, decoded segments queued for the writer plus the one being decoded and the one being written,
 * and the cache of recently decoded segments), whatever the NAR's size.
 *
 * @param maxRangeBytes     largest merged range GET: adjacent segments of one pack are fetched together up to this
 *                          many stored bytes (a single larger segment is fetched alone)
 * @param readaheadSegments decoded segments queued ahead of the writer (at least 1)
 * @param segmentCacheBytes raw bytes of recently decoded segments kept, so that a NAR referring back to a segment it
 *                          already read (repeated content) does not fetch it again; 0 disables the cache
 * @param locationBatch     chunk references resolved per chunk index lookup
 * @param verifyChunks      check each chunk's SHA-256 against its id (the NarHash check at the end always runs;
 *                          this only detects a bad chunk earlier, at the cost of hashing every byte twice)
 */
public record ReassemblyConfig(int maxRangeBytes, int readaheadSegments, long segmentCacheBytes, int locationBatch,
        boolean verifyChunks) {
    public static final int DEFAULT_MAX_RANGE = 16 << 20;

    public ReassemblyConfig {
        if (maxRangeBytes < 1) {
            throw new IllegalArgumentException("maxRangeBytes must be positive: " + maxRangeBytes);
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

    /** 16 MiB ranges, 2 segments of read-ahead, 16 MiB segment cache, 1024 locations per lookup, no chunk hashing. */
    public static ReassemblyConfig defaults() {
        return new ReassemblyConfig(DEFAULT_MAX_RANGE, 2, 16L << 20, 1024, false);
    }

    public ReassemblyConfig withVerifyChunks(boolean verify) {
        return new ReassemblyConfig(maxRangeBytes, readaheadSegments, segmentCacheBytes, locationBatch, verify);
    }

    public ReassemblyConfig withMaxRangeBytes(int bytes) {
        return new ReassemblyConfig(bytes, readaheadSegments, segmentCacheBytes, locationBatch, verifyChunks);
    }

    public ReassemblyConfig withSegmentCacheBytes(long bytes) {
        return new ReassemblyConfig(maxRangeBytes, readaheadSegments, bytes, locationBatch, verifyChunks);
    }
}
