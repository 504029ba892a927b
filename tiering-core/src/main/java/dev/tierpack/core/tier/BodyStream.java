package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body as tiers return it: transport failures while reading become retryable
 * {@link dev.tierpack.core.error.TierException}s carrying the offset reached; a body that ends
 * before its announced length is such a failure too (never a silent short read); closing before
 * the end aborts the connection instead of draining the rest of a possibly huge object.
 */
final class BodyStream extends InputStream {
    private final InputStream in;
    private final Runnable abort;
    private final String tier;
    private final String op;
    private final String key;
    private final long expected;
    private long position;
    private boolean eof;
    private boolean closed;
    private final byte[] one = new byte[1];

    /**
     * @param expected the announced body length, or -1 if unknown
     * @param abort drops the connection (called on close before the end)
     */
    BodyStream(InputStream in, Runnable abort, String tier, String op, String key, long expected) {
        this.in = in;
        this.abort = abort;
        this.tier = tier;
        this.op = op;
        this.key = key;
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed: tier=" + tier + " key=" + key);
        }
        if (len == 0) {
            return 0;
        }
        if (eof) {
            return -1;
        }
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TierException t) {
                throw t;
            }
            throw TierFailures.broken(tier, op, key, position, e);
        }
        if (n < 0) {
            eof = true;
            if (expected >= 0 && position < expected) {
                TierException e = TierFailures.broken(tier, op, key, position,
                        new EOFException("body ended after " + position + " of " + expected + " bytes"));
                e.with("expected", expected);
                throw e;
            }
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return super.skip(n); // through read(), so the position stays exact
    }

    @Override
    public int available() throws IOException {
        return closed || eof ? 0 : in.available();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!eof) {
            abort.run();
        }
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // the connection is already being dropped; nothing useful to report
        }
    }
}
