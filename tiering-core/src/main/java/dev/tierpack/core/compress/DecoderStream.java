package dev.tierpack.core.compress;

import dev.tierpack.core.error.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The reading contract every decoder of this package keeps, in one place: a read after close is an
 * {@link IOException} {@code <codec> stream closed}; the first {@link FormatException} is sticky (every later read
 * rethrows it rather than return short data); a zero-length read returns 0 without decoding; once the decoder has
 * answered end of stream every later read does too. Closing is idempotent: it releases the decoder's state, then
 * closes the compressed source. Subclasses only decode ({@link #decode}) and release ({@link #release}).
 */
abstract class DecoderStream extends InputStream {
    private final byte[] oneByte = new byte[1];
    private final String codec;
    private final InputStream source;
    private FormatException failure;
    private boolean eof;
    private boolean closed;

    /** A decoder for {@code codec} (named in messages) of the compressed {@code source}, which close closes. */
    DecoderStream(String codec, InputStream source) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Decodes into {@code b}: called only while open, before any failure and end of stream, with {@code len > 0}.
     *
     * @return bytes decoded, at least one, or -1 at the end of the stream
     * @throws FormatException the compressed data is bad: record it with {@link #failed} first
     */
    abstract int decode(byte[] b, int off, int len) throws IOException;

    /** Releases the decoder's state (native context, child process); called once, by the first {@link #close}. */
    abstract void release() throws IOException;

    /** Records {@code f} as the failure every later read rethrows, and returns it (to throw). */
    final FormatException failed(FormatException f) {
        failure = Objects.requireNonNull(f, "failure");
        return f;
    }

    /** Whether reads may still decode: not closed, not failed. */
    final boolean usable() {
        return !closed && failure == null;
    }

    @Override
    public final int read() throws IOException {
        int n = read(oneByte, 0, 1);
        return n < 0 ? -1 : oneByte[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException(codec + " stream closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        if (eof) {
            return -1;
        }
        int n = decode(b, off, len);
        if (n < 0) {
            eof = true;
        }
        return n;
    }

    @Override
    public final void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            release();
        } finally {
            source.close();
        }
    }
}
