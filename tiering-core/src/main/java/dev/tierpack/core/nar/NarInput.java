package dev.tierpack.core.nar;

import dev.tierpack.core.error.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Offset-counting input for {@link NarReader}: a small fixed buffer for tokens, large reads go
 * straight to the caller's array. Reaching end of stream where bytes are required is a
 * {@code truncated NAR} {@link FormatException}.
 *
 * <p>Never pulls more than {@code limit} bytes from the underlying stream, except the single byte
 * of the {@link #atEof()} probe, so a size-checking stream below (such as {@link NarDigest}) sees
 * an excess byte only when the input really is longer than the limit.
 */
final class NarInput {
    private static final int BUFFER_SIZE = 8192;

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int lim;
    private long offset;
    private final long limit;

    NarInput(InputStream in, long limit) {
        this.in = Objects.requireNonNull(in, "in");
        this.limit = limit;
    }

    /** Bytes consumed so far, which is the NAR offset of the next byte. */
    long offset() {
        return offset;
    }

    /** Reads up to {@code len} bytes; -1 at end of stream. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos < lim) {
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            offset += n;
            return n;
        }
        if (len >= BUFFER_SIZE) {
            int room = room(0);
            if (room <= 0) {
                return -1;
            }
            int n = in.read(b, off, Math.min(len, room));
            if (n > 0) {
                offset += n;
            }
            return n;
        }
        if (!fill()) {
            return -1;
        }
        return read(b, off, len);
    }

    void readFully(byte[] b, int off, int len) throws IOException {
        long start = offset;
        while (len > 0) {
            int n = read(b, off, len);
            if (n < 0) {
                throw truncated(start, offset - start + len);
            }
            off += n;
            len -= n;
        }
    }

    /** Little-endian unsigned 64-bit integer (returned as a possibly negative long). */
    long readU64() throws IOException {
        if (limit - offset < 8) {
            throw new FormatException("NAR length field exceeds declared NarSize", "offset", offset,
                    "maxNarSize", limit);
        }
        if (lim - pos < 8) {
            compact();
            long start = offset;
            while (lim - pos < 8) {
                if (!fillMore(0)) {
                    throw truncated(start, 8);
                }
            }
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        offset += 8;
        return v;
    }

    /** Consumes exactly {@code n} bytes (reading them, so wrapping streams see every byte). */
    void skip(long n) throws IOException {
        long start = offset;
        long left = n;
        while (left > 0) {
            if (pos == lim && !fill()) {
                throw truncated(start, n);
            }
            int k = (int) Math.min(left, lim - pos);
            pos += k;
            offset += k;
            left -= k;
        }
    }

    /** Consumes the {@code count} (at most 7) padding bytes, which must be zero. */
    void readPadding(int count) throws IOException {
        if (count == 0) {
            return;
        }
        long start = offset;
        byte[] pad = new byte[8];
        readFully(pad, 0, count);
        for (int i = 0; i < count; i++) {
            if (pad[i] != 0) {
                throw new FormatException("non-zero NAR padding", "offset", start + i,
                        "byte", String.format("0x%02x", pad[i] & 0xff));
            }
        }
    }

    /** Bytes readable without blocking on the underlying stream beyond what is buffered. */
    int buffered() {
        return lim - pos;
    }

    /** True if the stream has no byte left (may read one buffer ahead). */
    boolean atEof() throws IOException {
        if (pos < lim) {
            return false;
        }
        pos = 0;
        lim = 0;
        return !fillMore(1);
    }

    private boolean fill() throws IOException {
        pos = 0;
        lim = 0;
        return fillMore(0);
    }

    private void compact() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
    }

    /** Bytes that may still be pulled from the stream, at most {@code buf.length}: up to {@code limit + extra}. */
    private int room(int extra) {
        long pulled = offset + (lim - pos);
        long room = limit - pulled;
        if (room < Long.MAX_VALUE) {
            room += extra;
        }
        return (int) Math.min(room, buf.length);
    }

    /** Appends at least one byte from the stream to the buffer; false at end of stream (or of the limit). */
    private boolean fillMore(int extra) throws IOException {
        int want = Math.min(room(extra), buf.length - lim);
        if (want <= 0) {
            return false;
        }
        int n = in.read(buf, lim, want);
        while (n == 0) {
            n = in.read(buf, lim, want);
        }
        if (n < 0) {
            return false;
        }
        lim += n;
        return true;
    }

    private FormatException truncated(long start, long needed) {
        // End of input lies after the bytes still buffered (a partial length field).
        return new FormatException("truncated NAR", "offset", offset + (lim - pos), "fieldOffset", start,
                "needed", needed);
    }
}
