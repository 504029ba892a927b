package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Entry points that read a tierpack object of unknown version: check the magic, switch on the format version,
 * and hand the bytes to that version's decoder. Unknown versions are an {@link UnsupportedFormatVersionException}
 * naming the object and the version; readers for old versions are kept forever (FORMAT.md preamble).
 */
public final class PackFormat {
    /** Pack header magic, offset 0 of a pack. */
    public static final String PACK_MAGIC = "TIERPACK";
    /** Pack footer magic, the last 8 bytes of a pack. */
    public static final String FOOTER_MAGIC = "TIERPEND";
    /** Pack index object magic, offset 0 of an index object. */
    public static final String INDEX_MAGIC = "TIERPIDX";
    public static final int MAGIC_SIZE = 8;
    public static final int VERSION_SIZE = 2;
    public static final int VERSION_1 = 1;

    private PackFormat() {}

    /** Decodes a pack header (the first {@link PackHeader#SIZE} bytes of {@code bytes}). */
    public static PackHeader readPackHeader(byte[] bytes, String pack) {
        requireLength(bytes, 0, MAGIC_SIZE + VERSION_SIZE, "pack header", "pack", pack);
        checkMagic(bytes, 0, PACK_MAGIC, "pack header", "pack", pack);
        int version = Le.u16(bytes, MAGIC_SIZE);
        return switch (version) {
            case VERSION_1 -> PackHeader.decode(bytes, 0, pack);
            default -> throw new UnsupportedFormatVersionException("pack", version, "pack", pack, "offset", MAGIC_SIZE);
        };
    }

    /**
     * Decodes a pack footer found at {@code bytes[off, off + 56)}, which is {@code footerOffset} in the pack. The
     * footer carries the pack's format version (FORMAT.md 3.4) so that a tail-only reader can dispatch on it.
     */
    public static PackFooter readFooter(byte[] bytes, int off, String pack, long footerOffset) {
        requireLength(bytes, off, PackFooter.SIZE, "pack footer", "pack", pack, "offset", footerOffset);
        checkMagic(bytes, off + PackFooter.MAGIC_OFF, FOOTER_MAGIC, "pack footer",
                "pack", pack, "offset", footerOffset + PackFooter.MAGIC_OFF);
        int version = Le.u16(bytes, off + PackFooter.VERSION_OFF);
        return switch (version) {
            case VERSION_1 -> PackFooter.decode(bytes, off, pack, footerOffset);
            default -> throw new UnsupportedFormatVersionException("pack", version,
                    "pack", pack, "offset", footerOffset + PackFooter.VERSION_OFF);
        };
    }

    /** Decodes a whole pack index object, verifying its checksum and the invariants of FORMAT.md 3.3 and 4. */
    public static PackIndexObject readIndexObject(byte[] bytes, String objectName) {
        requireLength(bytes, 0, MAGIC_SIZE + VERSION_SIZE, "pack index object", "object", objectName);
        checkMagic(bytes, 0, INDEX_MAGIC, "pack index object", "object", objectName);
        int version = Le.u16(bytes, MAGIC_SIZE);
        return switch (version) {
            case VERSION_1 -> PackIndexObject.decode(bytes, objectName);
            default -> throw new UnsupportedFormatVersionException("pack index", version,
                    "object", objectName, "offset", MAGIC_SIZE);
        };
    }

    static void checkMagic(byte[] bytes, int off, String magic, String what, Object... context) {
        if (!Arrays.equals(bytes, off, off + MAGIC_SIZE, ascii(magic), 0, MAGIC_SIZE)) {
            throw new FormatException("bad " + what + " magic", context)
                    .with("expected", magic)
                    .with("found", printable(bytes, off, MAGIC_SIZE));
        }
    }

    static void requireLength(byte[] bytes, int off, int needed, String what, Object... context) {
        int have = bytes.length - off;
        if (have < needed) {
            throw new FormatException(have <= 0 && off == 0 ? "empty " + what : "truncated " + what, context)
                    .with("length", Math.max(have, 0))
                    .with("expected", needed);
        }
    }

    private static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            sb.append(c >= 0x21 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    static void putMagic(byte[] dst, int off, String magic) {
        System.arraycopy(ascii(magic), 0, dst, off, MAGIC_SIZE);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
