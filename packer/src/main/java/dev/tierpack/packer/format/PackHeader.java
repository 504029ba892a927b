package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import java.util.Arrays;

/**
 * The 64-byte header of a version-1 pack (FORMAT.md 3.1). Encoding is canonical: reserved bytes are zero and the
 * CRC32C covers bytes 0..59, so decode(encode(h)) equals h and a decoded header re-encodes to the same bytes.
 */
public record PackHeader(TierCode tier, ContentCode content, PackId packId, long createdMillis) {
    public static final int MAGIC_OFF = 0;
    public static final int VERSION_OFF = MAGIC_OFF + PackFormat.MAGIC_SIZE;
    public static final int TIER_OFF = VERSION_OFF + PackFormat.VERSION_SIZE;
    public static final int CONTENT_OFF = TIER_OFF + 1;
    public static final int HEADER_LENGTH_OFF = CONTENT_OFF + 1;
    public static final int PACK_ID_OFF = HEADER_LENGTH_OFF + 4;
    public static final int CREATED_OFF = PACK_ID_OFF + PackId.SIZE;
    public static final int RESERVED_OFF = CREATED_OFF + 8;
    public static final int RESERVED_SIZE = 20;
    public static final int CRC_OFF = RESERVED_OFF + RESERVED_SIZE;
    /** 64: the header length, and the offset of the first segment. */
    public static final int SIZE = CRC_OFF + 4;

    public PackHeader {
        if (tier == null || content == null || packId == null) {
            throw new FormatException("pack header needs tier, content and pack id");
        }
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        PackFormat.putMagic(b, MAGIC_OFF, PackFormat.PACK_MAGIC);
        Le.put16(b, VERSION_OFF, PackFormat.VERSION_1);
        b[TIER_OFF] = (byte) tier.code();
        b[CONTENT_OFF] = (byte) content.code();
        Le.put32(b, HEADER_LENGTH_OFF, SIZE);
        packId.copyTo(b, PACK_ID_OFF);
        Le.put64(b, CREATED_OFF, createdMillis);
        Le.put32(b, CRC_OFF, Checksums.crc32c(b, 0, CRC_OFF));
        return b;
    }

    /**
     * Decodes a version-1 header at {@code buf[off, off + 64)} (the pack's offset 0). Prefer
     * {@link PackFormat#readPackHeader} for bytes of unknown version.
     *
     * @throws FormatException bad magic, version, length, codes or reserved bytes, with pack and offset
     * @throws IntegrityException header CRC32C mismatch
     */
    public static PackHeader decode(byte[] buf, int off, String pack) {
        PackFormat.requireLength(buf, off, SIZE, "pack header", "pack", pack);
        PackFormat.checkMagic(buf, off + MAGIC_OFF, PackFormat.PACK_MAGIC, "pack header", "pack", pack, "offset", MAGIC_OFF);
        int version = Le.u16(buf, off + VERSION_OFF);
        if (version != PackFormat.VERSION_1) {
            throw new UnsupportedFormatVersionException("pack", version, "pack", pack, "offset", VERSION_OFF);
        }
        int stored = Le.i32(buf, off + CRC_OFF);
        int actual = Checksums.crc32c(buf, off, CRC_OFF);
        if (stored != actual) {
            throw new IntegrityException("pack header checksum mismatch", "pack", pack, "offset", CRC_OFF,
                    "expected", Integer.toHexString(stored), "actual", Integer.toHexString(actual));
        }
        long headerLength = Le.u32(buf, off + HEADER_LENGTH_OFF);
        if (headerLength != SIZE) {
            throw new FormatException("bad pack header length", "pack", pack, "offset", HEADER_LENGTH_OFF,
                    "length", headerLength, "expected", SIZE);
        }
        if (!Le.allZero(buf, off + RESERVED_OFF, RESERVED_SIZE)) {
            throw new FormatException("pack header reserved bytes not zero", "pack", pack, "offset", RESERVED_OFF);
        }
        int at = TIER_OFF;
        try {
            TierCode tier = TierCode.fromCode(Le.u8(buf, off + TIER_OFF));
            at = CONTENT_OFF;
            ContentCode content = ContentCode.fromCode(Le.u8(buf, off + CONTENT_OFF));
            at = PACK_ID_OFF;
            PackId id = new PackId(Arrays.copyOfRange(buf, off + PACK_ID_OFF, off + PACK_ID_OFF + PackId.SIZE));
            return new PackHeader(tier, content, id, Le.i64(buf, off + CREATED_OFF));
        } catch (FormatException e) {
            throw (FormatException) e.with("pack", pack).with("offset", at);
        }
    }
}
