package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The pack index object, version 1 (FORMAT.md 4): everything needed to find a pack's chunks without reading the
 * pack. Validated on construction: the body's segments run from offset 64 to {@code trailerOffset}, and
 * {@code packLength = trailerOffset + body length + 56}. {@link #encode()} appends the SHA-256 of the object.
 */
public record PackIndexObject(
        TierCode tier, ContentCode content, PackId packId, long packLength, byte[] packSha256, long trailerOffset,
        IndexBody body) {
    public static final int MAGIC_OFF = 0;
    public static final int VERSION_OFF = MAGIC_OFF + PackFormat.MAGIC_SIZE;
    public static final int TIER_OFF = VERSION_OFF + PackFormat.VERSION_SIZE;
    public static final int CONTENT_OFF = TIER_OFF + 1;
    public static final int RESERVED_OFF = CONTENT_OFF + 1;
    public static final int PACK_ID_OFF = RESERVED_OFF + 4;
    public static final int PACK_LENGTH_OFF = PACK_ID_OFF + PackId.SIZE;
    public static final int PACK_SHA_OFF = PACK_LENGTH_OFF + 8;
    public static final int TRAILER_OFFSET_OFF = PACK_SHA_OFF + Checksums.SHA256_SIZE;
    public static final int BODY_OFF = TRAILER_OFFSET_OFF + 8;
    /** Bytes besides the body: the 80-byte head and the 32-byte object checksum. */
    public static final int OVERHEAD = BODY_OFF + Checksums.SHA256_SIZE;

    public PackIndexObject {
        if (tier == null || content == null || packId == null || body == null) {
            throw new FormatException("pack index object needs tier, content, pack id and body");
        }
        if (packSha256 == null || packSha256.length != Checksums.SHA256_SIZE) {
            throw new FormatException("pack checksum must be 32 bytes", "pack", packId);
        }
        packSha256 = packSha256.clone();
        try {
            body.checkPlacement(trailerOffset);
        } catch (FormatException e) {
            throw (FormatException) e.with("pack", packId);
        }
        long expected = trailerOffset + body.encodedSize() + PackFooter.SIZE;
        if (packLength != expected) {
            throw new FormatException("pack length does not match trailer offset and index body", "pack", packId,
                    "packLength", packLength, "expected", expected);
        }
    }

    @Override
    public byte[] packSha256() {
        return packSha256.clone();
    }

    /** The footer the pack must end with. */
    public PackFooter footer() {
        return new PackFooter(trailerOffset, body.encodedSize(), packSha256);
    }

    public byte[] encode() {
        int bodySize = body.encodedSize();
        byte[] b = new byte[OVERHEAD + bodySize];
        PackFormat.putMagic(b, MAGIC_OFF, PackFormat.INDEX_MAGIC);
        Le.put16(b, VERSION_OFF, PackFormat.VERSION_1);
        b[TIER_OFF] = (byte) tier.code();
        b[CONTENT_OFF] = (byte) content.code();
        packId.copyTo(b, PACK_ID_OFF);
        Le.put64(b, PACK_LENGTH_OFF, packLength);
        System.arraycopy(packSha256, 0, b, PACK_SHA_OFF, Checksums.SHA256_SIZE);
        Le.put64(b, TRAILER_OFFSET_OFF, trailerOffset);
        System.arraycopy(body.encode(), 0, b, BODY_OFF, bodySize);
        int sumAt = BODY_OFF + bodySize;
        System.arraycopy(Checksums.sha256(b, 0, sumAt), 0, b, sumAt, Checksums.SHA256_SIZE);
        return b;
    }

    /**
     * Decodes a version-1 index object: magic, version, object checksum (an {@link IntegrityException}), then
     * fields and body with all invariants (a {@link FormatException} with object, offset and pack). Prefer
     * {@link PackFormat#readIndexObject} for bytes of unknown version.
     */
    public static PackIndexObject decode(byte[] bytes, String objectName) {
        PackFormat.requireLength(bytes, 0, OVERHEAD + IndexBody.RECORDS_OFF, "pack index object", "object", objectName);
        PackFormat.checkMagic(bytes, MAGIC_OFF, PackFormat.INDEX_MAGIC, "pack index object", "object", objectName, "offset", 0);
        int version = Le.u16(bytes, VERSION_OFF);
        if (version != PackFormat.VERSION_1) {
            throw new UnsupportedFormatVersionException("pack index", version, "object", objectName, "offset", VERSION_OFF);
        }
        int sumAt = bytes.length - Checksums.SHA256_SIZE;
        byte[] actual = Checksums.sha256(bytes, 0, sumAt);
        if (!MessageDigest.isEqual(actual, Arrays.copyOfRange(bytes, sumAt, bytes.length))) {
            throw new IntegrityException("pack index object checksum mismatch", "object", objectName, "offset", sumAt,
                    "expected", HexFormat.of().formatHex(bytes, sumAt, bytes.length),
                    "actual", HexFormat.of().formatHex(actual));
        }
        if (!Le.allZero(bytes, RESERVED_OFF, 4)) {
            throw new FormatException("pack index object reserved bytes not zero", "object", objectName, "offset", RESERVED_OFF);
        }
        PackId packId = null;
        int at = TIER_OFF;
        try {
            TierCode tier = TierCode.fromCode(Le.u8(bytes, TIER_OFF));
            at = CONTENT_OFF;
            ContentCode content = ContentCode.fromCode(Le.u8(bytes, CONTENT_OFF));
            at = PACK_ID_OFF;
            packId = new PackId(Arrays.copyOfRange(bytes, PACK_ID_OFF, PACK_ID_OFF + PackId.SIZE));
            at = PACK_LENGTH_OFF;
            long packLength = Le.u63(bytes, PACK_LENGTH_OFF, "packLength");
            at = TRAILER_OFFSET_OFF;
            long trailerOffset = Le.u63(bytes, TRAILER_OFFSET_OFF, "trailerOffset");
            at = BODY_OFF;
            IndexBody body = IndexBody.decode(bytes, BODY_OFF, sumAt - BODY_OFF, BODY_OFF);
            at = TRAILER_OFFSET_OFF;
            return new PackIndexObject(tier, content, packId, packLength,
                    Arrays.copyOfRange(bytes, PACK_SHA_OFF, PACK_SHA_OFF + Checksums.SHA256_SIZE), trailerOffset, body);
        } catch (FormatException e) {
            e.with("object", objectName).with("offset", at);
            if (packId != null) {
                e.with("pack", packId);
            }
            throw e;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackIndexObject x && tier == x.tier && content == x.content && packId.equals(x.packId)
                && packLength == x.packLength && Arrays.equals(packSha256, x.packSha256)
                && trailerOffset == x.trailerOffset && body.equals(x.body);
    }

    @Override
    public int hashCode() {
        return packId.hashCode() * 31 + body.hashCode();
    }

    @Override
    public String toString() {
        return "PackIndexObject[pack=" + packId + ", tier=" + tier + ", content=" + content + ", packLength=" + packLength
                + ", trailerOffset=" + trailerOffset + ", body=" + body + "]";
    }
}
