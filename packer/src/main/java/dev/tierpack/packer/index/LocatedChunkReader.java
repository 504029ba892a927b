package dev.tierpack.packer.index;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.format.Checksums;
import dev.tierpack.packer.pack.RangeSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads one chunk from its pack given only its {@link ChunkLocation}: one range read of the segment's stored bytes,
 * CRC32C check, decoding, slicing, and a SHA-256 check against the chunk id. Memory: one segment, stored and raw.
 * Errors name the pack key, the segment offset, the segment and the chunk.
 */
public final class LocatedChunkReader {
    private LocatedChunkReader() {}

    /** Reads chunk {@code id} at {@code at} from {@code pack} (ranges of the pack object) with one range read. */
    public static byte[] read(RangeSource pack, ChunkId id, ChunkLocation at) throws IOException {
        byte[] stored;
        try (InputStream in = pack.open(at.segmentOffset(), at.segmentStoredLength())) {
            stored = in.readNBytes(at.segmentStoredLength());
        }
        if (stored.length != at.segmentStoredLength()) {
            throw new FormatException("truncated pack", "pack", at.packKey(), "offset", at.segmentOffset() + stored.length,
                    "expected", at.segmentEnd(), "segment", at.segment(), "chunk", id);
        }
        return fromSegment(stored, id, at);
    }

    /**
     * The raw bytes of the segment {@code at} names, from its stored bytes (length and CRC32C checked, decoded): for
     * reading many chunks of one segment with {@link #slice}, decoding it once.
     */
    public static byte[] decodeSegment(byte[] storedSegment, ChunkLocation at) {
        if (storedSegment.length != at.segmentStoredLength()) {
            throw new FormatException("segment bytes have the wrong length", "pack", at.packKey(),
                    "offset", at.segmentOffset(), "segment", at.segment(),
                    "length", storedSegment.length, "expected", at.segmentStoredLength());
        }
        int crc = Checksums.crc32c(storedSegment, 0, storedSegment.length);
        if (crc != at.segmentCrc32c()) {
            throw new IntegrityException("segment checksum mismatch", "pack", at.packKey(), "offset", at.segmentOffset(),
                    "segment", at.segment(), "expected", Integer.toHexString(at.segmentCrc32c()),
                    "actual", Integer.toHexString(crc));
        }
        try {
            return SegmentCodec.decompress(at.codec(), storedSegment, 0, storedSegment.length, at.segmentRawLength());
        } catch (TierpackException e) {
            throw e.with("pack", at.packKey()).with("offset", at.segmentOffset()).with("segment", at.segment());
        }
    }

    /** Chunk {@code id} out of a segment's raw bytes ({@link #decodeSegment}), its SHA-256 checked. */
    public static byte[] slice(byte[] rawSegment, ChunkId id, ChunkLocation at) {
        byte[] chunk = Arrays.copyOfRange(rawSegment, at.chunkOffset(), at.chunkEnd());
        try {
            ChunkHasher.forCurrentThread().verify(id, chunk, 0, chunk.length);
        } catch (TierpackException e) {
            throw e.with("pack", at.packKey()).with("offset", at.segmentOffset()).with("segment", at.segment())
                    .with("chunk", id);
        }
        return chunk;
    }

    /** The chunk {@code id} out of {@code storedSegment}, the stored bytes of the segment {@code at} names. */
    public static byte[] fromSegment(byte[] storedSegment, ChunkId id, ChunkLocation at) {
        if (storedSegment.length != at.segmentStoredLength()) {
            throw new FormatException("segment bytes have the wrong length", "pack", at.packKey(),
                    "offset", at.segmentOffset(), "segment", at.segment(), "chunk", id,
                    "length", storedSegment.length, "expected", at.segmentStoredLength());
        }
        int crc = Checksums.crc32c(storedSegment, 0, storedSegment.length);
        if (crc != at.segmentCrc32c()) {
            throw new IntegrityException("segment checksum mismatch", "pack", at.packKey(), "offset", at.segmentOffset(),
                    "segment", at.segment(), "chunk", id,
                    "expected", Integer.toHexString(at.segmentCrc32c()), "actual", Integer.toHexString(crc));
        }
        try {
            byte[] raw = SegmentCodec.decompress(at.codec(), storedSegment, 0, storedSegment.length, at.segmentRawLength());
            byte[] chunk = Arrays.copyOfRange(raw, at.chunkOffset(), at.chunkEnd());
            ChunkHasher.forCurrentThread().verify(id, chunk, 0, chunk.length);
            return chunk;
        } catch (TierpackException e) {
            throw e.with("pack", at.packKey()).with("offset", at.segmentOffset()).with("segment", at.segment())
                    .with("chunk", id);
        }
    }
}
