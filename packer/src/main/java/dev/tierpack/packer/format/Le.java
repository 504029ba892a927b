package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;

/** Little-endian field access for the format classes; unsigned fields that exceed Java's range are rejected. */
final class Le {
    private Le() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static int i32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong(i32(b, off));
    }

    static long i64(byte[] b, int off) {
        return (i32(b, off) & 0xFFFF_FFFFL) | (long) i32(b, off + 4) << 32;
    }

    /** An unsigned 32-bit field that must fit in an int (FORMAT.md: lengths and counts are at most 2^31-1). */
    static int u31(byte[] b, int off, String field) {
        long v = u32(b, off);
        if (v > Integer.MAX_VALUE) {
            throw new FormatException(field + " exceeds 2^31-1", field, v);
        }
        return (int) v;
    }

    /** An unsigned 64-bit field that must fit in a signed long. */
    static long u63(byte[] b, int off, String field) {
        long v = i64(b, off);
        if (v < 0) {
            throw new FormatException(field + " exceeds 2^63-1", field, Long.toUnsignedString(v));
        }
        return v;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static void put64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static boolean allZero(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
