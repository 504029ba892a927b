package dev.tierpack.core.tier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Deterministic test content addressable by offset: byte {@code i} of stream {@code seed} is a
 * byte of splitmix64({@code seed}, {@code i / 8}), so any range can be recomputed without keeping
 * the object, and a part written at the wrong offset never matches by accident.
 */
public final class TestData {
    private TestData() {}

    static long word(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static byte byteAt(long seed, long i) {
        return (byte) (word(seed, i >>> 3) >>> ((i & 7) * 8));
    }

    /** Fills {@code buf[0..len)} with bytes {@code offset..offset+len)} of stream {@code seed}. */
    public static void fill(long seed, long offset, byte[] buf, int len) {
        for (int j = 0; j < len; j++) {
            buf[j] = byteAt(seed, offset + j);
        }
    }

    public static byte[] bytes(long seed, long offset, int len) {
        byte[] b = new byte[len];
        fill(seed, offset, b, len);
        return b;
    }

    /**
     * Writes {@code size} bytes of stream {@code seed} to {@code out} through one reused buffer of
     * {@code chunk} bytes, in writes of alternating sizes so that writes straddle part boundaries.
     * Allocates nothing per write.
     */
    public static void write(long seed, long size, OutputStream out, byte[] chunk) {
        try {
            long off = 0;
            boolean odd = false;
            while (off < size) {
                int n = (int) Math.min(size - off, odd ? chunk.length - 7 : chunk.length);
                fillFast(seed, off, chunk, n);
                int half = n / 3;
                out.write(chunk, 0, half);
                out.write(chunk, half, n - half);
                off += n;
                odd = !odd;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #fill} a word at a time. */
    private static void fillFast(long seed, long offset, byte[] buf, int len) {
        int j = 0;
        while (j < len && ((offset + j) & 7) != 0) {
            buf[j] = byteAt(seed, offset + j);
            j++;
        }
        for (; j + 8 <= len; j += 8) {
            long w = word(seed, (offset + j) >>> 3);
            for (int k = 0; k < 8; k++) {
                buf[j + k] = (byte) (w >>> (k * 8));
            }
        }
        for (; j < len; j++) {
            buf[j] = byteAt(seed, offset + j);
        }
    }

    public static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
