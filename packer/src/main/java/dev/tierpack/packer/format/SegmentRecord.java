package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;

/**
 * One segment record of an IndexBody (FORMAT.md 3.3): where a segment's stored bytes are in the pack, how long
 * they are raw and stored, which chunk records it holds, their CRC32C and codec. Validated on construction:
 * non-negative fields, a level that fits the signed byte, and for {@link Codec#NONE} stored = raw and level 0.
 */
public record SegmentRecord(
        long offset, int storedLength, int rawLength, int firstChunk, int chunkCount, int crc32c, Codec codec, int level) {
    public static final int OFFSET_OFF = 0;
    public static final int STORED_LENGTH_OFF = OFFSET_OFF + 8;
    public static final int RAW_LENGTH_OFF = STORED_LENGTH_OFF + 4;
    public static final int FIRST_CHUNK_OFF = RAW_LENGTH_OFF + 4;
    public static final int CHUNK_COUNT_OFF = FIRST_CHUNK_OFF + 4;
    public static final int CRC_OFF = CHUNK_COUNT_OFF + 4;
    public static final int CODEC_OFF = CRC_OFF + 4;
    public static final int LEVEL_OFF = CODEC_OFF + 1;
    public static final int RESERVED_OFF = LEVEL_OFF + 1;
    public static final int SIZE = RESERVED_OFF + 2;

    public SegmentRecord {
        if (offset < 0 || storedLength < 0 || rawLength < 0 || firstChunk < 0 || chunkCount < 0) {
            throw new FormatException("negative segment record field", "segmentOffset", offset,
                    "storedLength", storedLength, "rawLength", rawLength, "firstChunk", firstChunk, "chunkCount", chunkCount);
        }
        if (codec == null) {
            throw new FormatException("segment record without codec", "segmentOffset", offset);
        }
        if (level < Byte.MIN_VALUE || level > Byte.MAX_VALUE) {
            throw new FormatException("segment level does not fit a signed byte", "segmentOffset", offset, "level", level);
        }
        if (codec == Codec.NONE && (storedLength != rawLength || level != 0)) {
            throw new FormatException("stored segment must have stored length = raw length and level 0",
                    "segmentOffset", offset, "storedLength", storedLength, "rawLength", rawLength, "level", level);
        }
        if ((long) firstChunk + chunkCount > Integer.MAX_VALUE) {
            throw new FormatException("segment chunk range overflows", "segmentOffset", offset,
                    "firstChunk", firstChunk, "chunkCount", chunkCount);
        }
    }

    /** Offset just past the segment's stored bytes. */
    public long end() {
        return offset + storedLength;
    }

    /** Index just past the segment's last chunk record. */
    public int endChunk() {
        return firstChunk + chunkCount;
    }

    public void encodeTo(byte[] dst, int off) {
        Le.put64(dst, off + OFFSET_OFF, offset);
        Le.put32(dst, off + STORED_LENGTH_OFF, storedLength);
        Le.put32(dst, off + RAW_LENGTH_OFF, rawLength);
        Le.put32(dst, off + FIRST_CHUNK_OFF, firstChunk);
        Le.put32(dst, off + CHUNK_COUNT_OFF, chunkCount);
        Le.put32(dst, off + CRC_OFF, crc32c);
        dst[off + CODEC_OFF] = (byte) codec.code();
        dst[off + LEVEL_OFF] = (byte) level;
        Le.put16(dst, off + RESERVED_OFF, 0);
    }

    /** Decodes the record at {@code buf[off, off + 32)}; errors carry the field's offset in the object. */
    public static SegmentRecord decode(byte[] buf, int off, long objectOffset) {
        try {
            if (Le.u16(buf, off + RESERVED_OFF) != 0) {
                throw new FormatException("segment record reserved bytes not zero").with("offset", objectOffset + RESERVED_OFF);
            }
            return new SegmentRecord(
                    Le.u63(buf, off + OFFSET_OFF, "segmentOffset"),
                    Le.u31(buf, off + STORED_LENGTH_OFF, "storedLength"),
                    Le.u31(buf, off + RAW_LENGTH_OFF, "rawLength"),
                    Le.u31(buf, off + FIRST_CHUNK_OFF, "firstChunk"),
                    Le.u31(buf, off + CHUNK_COUNT_OFF, "chunkCount"),
                    Le.i32(buf, off + CRC_OFF),
                    Codec.fromCode(Le.u8(buf, off + CODEC_OFF)),
                    buf[off + LEVEL_OFF]);
        } catch (FormatException e) {
            throw (FormatException) e.with("offset", objectOffset);
        }
    }
}
