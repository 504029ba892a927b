package dev.tierpack.packer.chunk;

import dev.tierpack.core.error.FormatException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Identity of a chunk: the 32-byte SHA-256 of its uncompressed bytes (see {@link ChunkHasher}).
 *
 * <p>Held as four big-endian 64-bit words rather than an array, so an id is immutable without
 * defensive copies, small (a 48-byte object instead of 80 for an object plus array) and fast to
 * compare: {@link #equals} is four long comparisons, {@link #hashCode} takes 32 bits of the
 * digest (uniform for a cryptographic hash), and {@link #compareTo} orders ids as unsigned
 * byte strings, the order of their hex form and of sorted on-disk indexes.
 *
 * @param w0 digest bytes 0..7, big-endian
 * @param w1 digest bytes 8..15
 * @param w2 digest bytes 16..23
 * @param w3 digest bytes 24..31
 */
public record ChunkId(long w0, long w1, long w2, long w3) implements Comparable<ChunkId> {
    /** Length of an id in bytes. */
    public static final int LENGTH = 32;

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final HexFormat HEX = HexFormat.of();

    /** The id whose bytes are {@code digest}, which must be exactly 32 bytes long (it is copied). */
    public static ChunkId of(byte[] digest) {
        Objects.requireNonNull(digest, "digest");
        if (digest.length != LENGTH) {
            throw new FormatException("chunk id must be 32 bytes", "length", digest.length);
        }
        return read(digest, 0);
    }

    /** The id stored in {@code buf[off, off+32)}. */
    public static ChunkId read(byte[] buf, int off) {
        Objects.checkFromIndexSize(off, LENGTH, buf.length);
        return new ChunkId((long) LONG_BE.get(buf, off), (long) LONG_BE.get(buf, off + 8),
                (long) LONG_BE.get(buf, off + 16), (long) LONG_BE.get(buf, off + 24));
    }

    /** Parses 64 hex digits (either case). */
    public static ChunkId fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * LENGTH) {
            throw new FormatException("chunk id must be 64 hex digits", "value", hex, "length", hex.length());
        }
        try {
            return read(HEX.parseHex(hex), 0);
        } catch (IllegalArgumentException e) {
            throw new FormatException("chunk id is not hex", e, "value", hex);
        }
    }

    /** A new array with the 32 digest bytes. */
    public byte[] bytes() {
        byte[] out = new byte[LENGTH];
        writeTo(out, 0);
        return out;
    }

    /** Writes the 32 digest bytes to {@code buf[off, off+32)}. */
    public void writeTo(byte[] buf, int off) {
        Objects.checkFromIndexSize(off, LENGTH, buf.length);
        LONG_BE.set(buf, off, w0);
        LONG_BE.set(buf, off + 8, w1);
        LONG_BE.set(buf, off + 16, w2);
        LONG_BE.set(buf, off + 24, w3);
    }

    /** 64 lower-case hex digits. */
    public String toHex() {
        return HEX.toHexDigits(w0) + HEX.toHexDigits(w1) + HEX.toHexDigits(w2) + HEX.toHexDigits(w3);
    }

    /** Unsigned lexicographic order of the digest bytes. */
    @Override
    public int compareTo(ChunkId o) {
        int c = Long.compareUnsigned(w0, o.w0);
        if (c == 0) {
            c = Long.compareUnsigned(w1, o.w1);
            if (c == 0) {
                c = Long.compareUnsigned(w2, o.w2);
                if (c == 0) {
                    c = Long.compareUnsigned(w3, o.w3);
                }
            }
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof ChunkId(long a, long b, long c, long d) && w0 == a && w1 == b && w2 == c && w3 == d;
    }

    /** 32 bits of the digest. Digests are uniform; collisions that were ground on purpose would only
     * turn {@code HashMap} bins into trees ordered by {@link #compareTo}, not break anything. */
    @Override
    public int hashCode() {
        return (int) (w0 >>> 32);
    }

    /** The hex form, as {@link #toHex()}. */
    @Override
    public String toString() {
        return toHex();
    }
}
