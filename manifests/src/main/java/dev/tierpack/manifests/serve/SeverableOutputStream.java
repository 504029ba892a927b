package dev.tierpack.manifests.serve;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes to a response body until {@link #sever()}: from then on writes, flushes and close are dropped, so an
 * encoder can be closed (releasing its native memory) without its final bytes, or the body's clean end, reaching the
 * client.
 */
final class SeverableOutputStream extends OutputStream {
    private final OutputStream out;
    private volatile boolean severed;

    SeverableOutputStream(OutputStream out) {
        this.out = out;
    }

    void sever() {
        severed = true;
    }

    @Override
    public void write(int b) throws IOException {
        if (!severed) {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!severed) {
            out.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!severed) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (!severed) {
            out.close();
        }
    }
}
