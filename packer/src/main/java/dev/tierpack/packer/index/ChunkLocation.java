package dev.tierpack.packer.index;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.PackHeader;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.format.TierCode;
import java.util.Arrays;

/**
 * Where one chunk is stored: everything needed to read it with <b>one</b> range GET of its segment, without the
 * pack's trailer or index object. Fetch {@code [segmentOffset, segmentOffset + segmentStoredLength)} of the pack
 * {@code packId.objectKey()} on {@code tier}, check the CRC32C, decode with {@code codec} to
 * {@code segmentRawLength} bytes, and slice {@code [chunkOffset, chunkOffset + chunkLength)}
 * ({@link LocatedChunkReader} does exactly that).
 *
 * <p>Validated on construction with the pack format's own limits (FORMAT.md 3.3): the segment starts after the pack
 * header, lengths and offsets are non-negative and at most 2^31-1, a codec-none segment has stored = raw length, and
 * the chunk lies inside the segment's raw bytes.
 *
 * <p>Stored as the value of the chunk id in the chunk index, a fixed {@value #SIZE}-byte little-endian layout
 * (FORMAT.md 7.3):
 *
 * <pre>
 * offset size field
 *   0     1   value version = 1
 *   1     1   tier code
 *   2     1   codec code of the segment
 *   3    16   pack id
 *  19     4   segment index in the pack
 *  23     8   segment offset in the pack
 *  31     4   segment stored length
 *  35     4   segment raw length
 *  39     4   segment CRC32C (of the stored bytes)
 *  43     4   chunk offset within the segment's raw bytes
 *  47     4   chunk raw length
 * </pre>
 */
public record ChunkLocation(
        PackId packId, TierCode tier, int segment, long segmentOffset, int segmentStoredLength, int segmentRawLength,
        int segmentCrc32c, Codec codec, int chunkOffset, int chunkLength) {
    /** The value layout version written by this code; readers reject others. */
    public static final int VERSION = 1;

    static final int VERSION_OFF = 0;
    static final int TIER_OFF = VERSION_OFF + 1;
    static final int CODEC_OFF = TIER_OFF + 1;
    static final int PACK_ID_OFF = CODEC_OFF + 1;
    static final int SEGMENT_OFF = PACK_ID_OFF + PackId.SIZE;
    static final int SEGMENT_OFFSET_OFF = SEGMENT_OFF + 4;
    static final int STORED_LENGTH_OFF = SEGMENT_OFFSET_OFF + 8;
    static final int RAW_LENGTH_OFF = STORED_LENGTH_OFF + 4;
    static final int CRC_OFF = RAW_LENGTH_OFF + 4;
    static final int CHUNK_OFFSET_OFF = CRC_OFF + 4;
    static final int CHUNK_LENGTH_OFF = CHUNK_OFFSET_OFF + 4;
    /** Encoded size in bytes. */
    public static final int SIZE = CHUNK_LENGTH_OFF + 4;

    public ChunkLocation {
        if (packId == null || tier == null || codec == null) {
            throw new FormatException("chunk location needs pack id, tier and codec");
        }
        if (segment < 0 || segmentOffset < PackHeader.SIZE || segmentStoredLength < 0 || segmentRawLength < 0
                || segmentOffset > Long.MAX_VALUE - segmentStoredLength
                || chunkOffset < 0 || chunkLength < 0 || (long) chunkOffset + chunkLength > segmentRawLength) {
            throw new FormatException("chunk location out of range", "pack", packId, "segment", segment,
                    "segmentOffset", segmentOffset, "storedLength", segmentStoredLength,
                    "rawLength", segmentRawLength, "chunkOffset", chunkOffset, "chunkLength", chunkLength);
        }
        if (codec == Codec.NONE && segmentStoredLength != segmentRawLength) {
            throw new FormatException("stored segment must have stored length = raw length", "pack", packId,
                    "segment", segment, "storedLength", segmentStoredLength, "rawLength", segmentRawLength);
        }
    }

    /** The location of {@code chunk}, a record of {@code pack}'s IndexBody. */
    public static ChunkLocation of(PackIndexObject pack, ChunkRecord chunk) {
        SegmentRecord s = pack.body().segments().get(chunk.segment());
        return new ChunkLocation(pack.packId(), pack.tier(), chunk.segment(), s.offset(), s.storedLength(),
                s.rawLength(), s.crc32c(), s.codec(), chunk.offsetInSegment(), chunk.rawLength());
    }

    /** Offset just past the segment's stored bytes: the range GET is {@code [segmentOffset, segmentEnd())}. */
    public long segmentEnd() {
        return segmentOffset + segmentStoredLength;
    }

    /** Offset just past the chunk in the segment's raw bytes. */
    public int chunkEnd() {
        return chunkOffset + chunkLength;
    }

    /** The pack's object key on {@link #tier()} (FORMAT.md 2). */
    public String packKey() {
        return packId.objectKey();
    }

    /** The {@value #SIZE}-byte value. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        b[VERSION_OFF] = (byte) VERSION;
        b[TIER_OFF] = (byte) tier.code();
        b[CODEC_OFF] = (byte) codec.code();
        packId.copyTo(b, PACK_ID_OFF);
        Bytes.put32(b, SEGMENT_OFF, segment);
        Bytes.put64(b, SEGMENT_OFFSET_OFF, segmentOffset);
        Bytes.put32(b, STORED_LENGTH_OFF, segmentStoredLength);
        Bytes.put32(b, RAW_LENGTH_OFF, segmentRawLength);
        Bytes.put32(b, CRC_OFF, segmentCrc32c);
        Bytes.put32(b, CHUNK_OFFSET_OFF, chunkOffset);
        Bytes.put32(b, CHUNK_LENGTH_OFF, chunkLength);
        return b;
    }

    /**
     * Decodes a value. An unknown value version is an
     * {@link dev.tierpack.packer.format.UnsupportedFormatVersionException}; a wrong length, unknown tier or codec
     * code, invalid pack id or out-of-range field a {@link FormatException}.
     */
    public static ChunkLocation decode(byte[] value) {
        return decode(value, value.length);
    }

    /** Decodes the value held in {@code value[0, length)}. */
    static ChunkLocation decode(byte[] value, int length) {
        Bytes.checkValue("chunk location", value, length, VERSION, SIZE);
        return new ChunkLocation(
                new PackId(Arrays.copyOfRange(value, PACK_ID_OFF, PACK_ID_OFF + PackId.SIZE)),
                TierCode.fromCode(Bytes.u8(value, TIER_OFF)),
                Bytes.i32(value, SEGMENT_OFF),
                Bytes.i64(value, SEGMENT_OFFSET_OFF),
                Bytes.i32(value, STORED_LENGTH_OFF),
                Bytes.i32(value, RAW_LENGTH_OFF),
                Bytes.i32(value, CRC_OFF),
                Codec.fromCode(Bytes.u8(value, CODEC_OFF)),
                Bytes.i32(value, CHUNK_OFFSET_OFF),
                Bytes.i32(value, CHUNK_LENGTH_OFF));
    }
}
