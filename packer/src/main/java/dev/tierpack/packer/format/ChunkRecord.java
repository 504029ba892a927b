package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.chunk.ChunkId;
import java.util.Arrays;

/**
 * One chunk record of an IndexBody (FORMAT.md 3.3): the chunk's id, its segment, and its raw byte range in the
 * segment. Validated on construction: non-negative fields whose end fits in 2^31-1.
 */
public record ChunkRecord(ChunkId id, int segment, int offsetInSegment, int rawLength) {
    /** Size of a chunk id: a SHA-256 (FORMAT.md 1). */
    public static final int ID_SIZE = 32;
    public static final int ID_OFF = 0;
    public static final int SEGMENT_OFF = ID_OFF + ID_SIZE;
    public static final int OFFSET_IN_SEGMENT_OFF = SEGMENT_OFF + 4;
    public static final int RAW_LENGTH_OFF = OFFSET_IN_SEGMENT_OFF + 4;
    public static final int SIZE = RAW_LENGTH_OFF + 4;

    public ChunkRecord {
        if (id == null) {
            throw new FormatException("chunk record without id");
        }
        if (segment < 0 || offsetInSegment < 0 || rawLength < 0 || (long) offsetInSegment + rawLength > Integer.MAX_VALUE) {
            throw new FormatException("chunk record out of range", "chunk", id, "segment", segment,
                    "offsetInSegment", offsetInSegment, "rawLength", rawLength);
        }
    }

    /** Offset just past the chunk in its segment's raw bytes. */
    public int endInSegment() {
        return offsetInSegment + rawLength;
    }

    public void encodeTo(byte[] dst, int off) {
        System.arraycopy(id.bytes(), 0, dst, off + ID_OFF, ID_SIZE);
        Le.put32(dst, off + SEGMENT_OFF, segment);
        Le.put32(dst, off + OFFSET_IN_SEGMENT_OFF, offsetInSegment);
        Le.put32(dst, off + RAW_LENGTH_OFF, rawLength);
    }

    /** Decodes the record at {@code buf[off, off + 44)}; errors carry the record's offset in the object. */
    public static ChunkRecord decode(byte[] buf, int off, long objectOffset) {
        try {
            return new ChunkRecord(
                    ChunkId.of(Arrays.copyOfRange(buf, off + ID_OFF, off + ID_OFF + ID_SIZE)),
                    Le.u31(buf, off + SEGMENT_OFF, "segment"),
                    Le.u31(buf, off + OFFSET_IN_SEGMENT_OFF, "offsetInSegment"),
                    Le.u31(buf, off + RAW_LENGTH_OFF, "rawLength"));
        } catch (FormatException e) {
            throw (FormatException) e.with("offset", objectOffset);
        }
    }
}
