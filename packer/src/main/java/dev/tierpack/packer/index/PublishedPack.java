package dev.tierpack.packer.index;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.format.Checksums;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A pack whose chunks are published in the chunk index: what its index object said about it. Immutable (the
 * checksum is copied in and out); validated on construction: 32-byte SHA-256, non-negative counts and sizes, and
 * segment stored bytes that fit in the pack.
 *
 * <p>Stored as the value of the pack id in the chunk index's {@code packs} column family, a fixed
 * {@value #SIZE}-byte little-endian layout (FORMAT.md 7.4):
 *
 * <pre>
 * offset size field
 *   0     1   value version = 1
 *   1     1   tier code
 *   2     1   content code
 *   3     8   pack length
 *  11    32   pack SHA-256
 *  43     4   segment count
 *  47     4   chunk count
 *  51     8   stored bytes (sum of the segments' stored lengths)
 *  59     8   raw bytes (sum of the segments' raw lengths)
 * </pre>
 *
 * @param packLength  the pack object's length in bytes
 * @param storedBytes the segments' stored (compressed) bytes: the pack minus header, trailer and footer
 * @param rawBytes    the segments' raw bytes
 */
public record PublishedPack(
        PackId packId, TierCode tier, ContentCode content, long packLength, byte[] sha256, int segmentCount,
        int chunkCount, long storedBytes, long rawBytes) {
    public static final int VERSION = 1;

    static final int TIER_OFF = 1;
    static final int CONTENT_OFF = 2;
    static final int PACK_LENGTH_OFF = 3;
    static final int SHA_OFF = PACK_LENGTH_OFF + 8;
    static final int SEGMENT_COUNT_OFF = SHA_OFF + Checksums.SHA256_SIZE;
    static final int CHUNK_COUNT_OFF = SEGMENT_COUNT_OFF + 4;
    static final int STORED_BYTES_OFF = CHUNK_COUNT_OFF + 4;
    static final int RAW_BYTES_OFF = STORED_BYTES_OFF + 8;
    /** Encoded size in bytes (without the key, the 16-byte pack id). */
    public static final int SIZE = RAW_BYTES_OFF + 8;

    public PublishedPack {
        if (packId == null || tier == null || content == null) {
            throw new FormatException("published pack needs pack id, tier and content");
        }
        if (sha256 == null || sha256.length != Checksums.SHA256_SIZE) {
            throw new FormatException("pack checksum must be 32 bytes", "pack", packId);
        }
        sha256 = sha256.clone();
        if (packLength < 0 || segmentCount < 0 || chunkCount < 0 || storedBytes < 0 || rawBytes < 0
                || storedBytes > packLength) {
            throw new FormatException("published pack field out of range", "pack", packId, "packLength", packLength,
                    "segments", segmentCount, "chunks", chunkCount, "storedBytes", storedBytes, "rawBytes", rawBytes);
        }
    }

    /** The record of a decoded index object. */
    public static PublishedPack of(PackIndexObject index) {
        return new PublishedPack(index.packId(), index.tier(), index.content(), index.packLength(), index.packSha256(),
                index.body().segments().size(), index.body().chunks().size(), index.body().storedBytes(),
                index.body().rawBytes());
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** Whether {@code other} describes the same pack object (same id, placement, length and checksum). */
    public boolean sameObject(PublishedPack other) {
        return packId.equals(other.packId) && tier == other.tier && content == other.content
                && packLength == other.packLength && MessageDigest.isEqual(sha256, other.sha256);
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        b[0] = (byte) VERSION;
        b[TIER_OFF] = (byte) tier.code();
        b[CONTENT_OFF] = (byte) content.code();
        Bytes.put64(b, PACK_LENGTH_OFF, packLength);
        System.arraycopy(sha256, 0, b, SHA_OFF, Checksums.SHA256_SIZE);
        Bytes.put32(b, SEGMENT_COUNT_OFF, segmentCount);
        Bytes.put32(b, CHUNK_COUNT_OFF, chunkCount);
        Bytes.put64(b, STORED_BYTES_OFF, storedBytes);
        Bytes.put64(b, RAW_BYTES_OFF, rawBytes);
        return b;
    }

    /** Decodes the value stored under {@code packId}; unknown versions and bad fields as {@link ChunkLocation#decode}. */
    public static PublishedPack decode(PackId packId, byte[] value) {
        Bytes.checkValue("published pack record", value, value.length, VERSION, SIZE, "pack", packId);
        try {
            return new PublishedPack(packId, TierCode.fromCode(Bytes.u8(value, TIER_OFF)),
                    ContentCode.fromCode(Bytes.u8(value, CONTENT_OFF)), Bytes.i64(value, PACK_LENGTH_OFF),
                    Arrays.copyOfRange(value, SHA_OFF, SHA_OFF + Checksums.SHA256_SIZE),
                    Bytes.i32(value, SEGMENT_COUNT_OFF), Bytes.i32(value, CHUNK_COUNT_OFF),
                    Bytes.i64(value, STORED_BYTES_OFF), Bytes.i64(value, RAW_BYTES_OFF));
        } catch (FormatException e) {
            throw (FormatException) e.with("pack", packId);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedPack p && sameObject(p) && segmentCount == p.segmentCount
                && chunkCount == p.chunkCount && storedBytes == p.storedBytes && rawBytes == p.rawBytes;
    }

    @Override
    public int hashCode() {
        return packId.hashCode() * 31 + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return "PublishedPack[pack=" + packId + ", tier=" + tier + ", content=" + content + ", packLength=" + packLength
                + ", sha256=" + sha256Hex() + ", segments=" + segmentCount + ", chunks=" + chunkCount
                + ", storedBytes=" + storedBytes + ", rawBytes=" + rawBytes + "]";
    }
}
