package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 56-byte footer of a version-1 pack (FORMAT.md 3.4): where the trailer is, the pack's SHA-256 (over every
 * byte before the checksum field) and the end magic. Validated on construction: the trailer starts after the
 * header and is at least an empty IndexBody long; the checksum has 32 bytes (copied in and out).
 */
public record PackFooter(long trailerOffset, int trailerLength, byte[] sha256) {
    public static final int TRAILER_OFFSET_OFF = 0;
    public static final int TRAILER_LENGTH_OFF = TRAILER_OFFSET_OFF + 8;
    public static final int VERSION_OFF = TRAILER_LENGTH_OFF + 4;
    public static final int RESERVED_OFF = VERSION_OFF + PackFormat.VERSION_SIZE;
    public static final int SHA_OFF = RESERVED_OFF + 2;
    public static final int MAGIC_OFF = SHA_OFF + Checksums.SHA256_SIZE;
    public static final int SIZE = MAGIC_OFF + PackFormat.MAGIC_SIZE;

    public PackFooter {
        if (trailerOffset < PackHeader.SIZE || trailerLength < IndexBody.RECORDS_OFF) {
            throw new FormatException("pack footer points outside the pack body",
                    "trailerOffset", trailerOffset, "trailerLength", trailerLength);
        }
        if (sha256 == null || sha256.length != Checksums.SHA256_SIZE) {
            throw new FormatException("pack checksum must be 32 bytes");
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** Offset of the footer in the pack. */
    public long footerOffset() {
        return trailerOffset + trailerLength;
    }

    /** Total pack length implied by the footer. */
    public long packLength() {
        return footerOffset() + SIZE;
    }

    /** The footer's first 16 bytes, which the pack checksum covers (everything before the checksum field). */
    public static byte[] checksummedPrefix(long trailerOffset, int trailerLength) {
        byte[] b = new byte[SHA_OFF];
        Le.put64(b, TRAILER_OFFSET_OFF, trailerOffset);
        Le.put32(b, TRAILER_LENGTH_OFF, trailerLength);
        Le.put16(b, VERSION_OFF, PackFormat.VERSION_1);
        return b;
    }

    public byte[] encode() {
        byte[] b = Arrays.copyOf(checksummedPrefix(trailerOffset, trailerLength), SIZE);
        System.arraycopy(sha256, 0, b, SHA_OFF, Checksums.SHA256_SIZE);
        PackFormat.putMagic(b, MAGIC_OFF, PackFormat.FOOTER_MAGIC);
        return b;
    }

    /**
     * Decodes a version-1 footer at {@code buf[off, off + 56)}, which is at {@code footerOffset} in the pack; the
     * trailer it names must end exactly there. Prefer {@link PackFormat#readFooter} for bytes of unknown version.
     */
    public static PackFooter decode(byte[] buf, int off, String pack, long footerOffset) {
        PackFormat.requireLength(buf, off, SIZE, "pack footer", "pack", pack, "offset", footerOffset);
        PackFormat.checkMagic(buf, off + MAGIC_OFF, PackFormat.FOOTER_MAGIC, "pack footer",
                "pack", pack, "offset", footerOffset + MAGIC_OFF);
        int version = Le.u16(buf, off + VERSION_OFF);
        if (version != PackFormat.VERSION_1) {
            throw new UnsupportedFormatVersionException("pack", version, "pack", pack, "offset", footerOffset + VERSION_OFF);
        }
        if (Le.u16(buf, off + RESERVED_OFF) != 0) {
            throw new FormatException("pack footer reserved bytes not zero", "pack", pack, "offset", footerOffset + RESERVED_OFF);
        }
        PackFooter footer;
        try {
            footer = new PackFooter(
                    Le.u63(buf, off + TRAILER_OFFSET_OFF, "trailerOffset"),
                    Le.u31(buf, off + TRAILER_LENGTH_OFF, "trailerLength"),
                    Arrays.copyOfRange(buf, off + SHA_OFF, off + MAGIC_OFF));
        } catch (FormatException e) {
            throw (FormatException) e.with("pack", pack).with("offset", footerOffset);
        }
        if (footer.footerOffset() != footerOffset) {
            throw new FormatException("pack footer's trailer does not end at the footer", "pack", pack,
                    "offset", footerOffset, "trailerOffset", footer.trailerOffset(),
                    "trailerLength", footer.trailerLength());
        }
        return footer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackFooter f && trailerOffset == f.trailerOffset && trailerLength == f.trailerLength
                && Arrays.equals(sha256, f.sha256);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(trailerOffset) * 31 + trailerLength + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return "PackFooter[trailerOffset=" + trailerOffset + ", trailerLength=" + trailerLength + ", sha256=" + sha256Hex() + "]";
    }
}
