package dev.tierpack.core.compress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps the compressed source so a decoder's failure can be told apart from the source's own:
 * it remembers what the source threw (a network error must stay an I/O error, not become a
 * "corrupt data" {@code FormatException}) and counts the bytes the source delivered.
 */
final class SourceTracker extends FilterInputStream {
    private Throwable sourceFailure;
    private long bytesRead;
    private boolean sawEof;

    SourceTracker(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                bytesRead++;
            } else {
                sawEof = true;
            }
            return b;
        } catch (IOException | RuntimeException e) {
            sourceFailure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            if (n > 0) {
                bytesRead += n;
            } else if (n < 0) {
                sawEof = true;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            sourceFailure = e;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            long skipped = in.skip(n);
            bytesRead += Math.max(0, skipped);
            return skipped;
        } catch (IOException | RuntimeException e) {
            sourceFailure = e;
            throw e;
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes the source has delivered so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** True once the source has reported end of input. */
    boolean sawEof() {
        return sawEof;
    }

    /** The exception the source threw, if {@code t} is it or wraps it (decoders sometimes wrap); else null. */
    Throwable sourceFailureIn(Throwable t) {
        if (sourceFailure == null) {
            return null;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c == sourceFailure) {
                return c;
            }
        }
        return null;
    }
}
