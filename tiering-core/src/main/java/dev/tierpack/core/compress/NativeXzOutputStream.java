package dev.tierpack.core.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Streaming {@code .xz} encoder on liblzma's {@code lzma_easy_encoder} (CRC64 check, as Nix
 * writes). {@link #flush()} flushes only what the encoder has already emitted (a sync flush would
 * hurt the ratio); {@link #close()} finishes the stream, releases the native state and closes the
 * target. After a failure the native state is released and later writes throw.
 */
final class NativeXzOutputStream extends OutputStream {
    private final OutputStream target;
    private final LzmaStream lzma;
    private final byte[] staging;
    private boolean closed;

    NativeXzOutputStream(OutputStream target, int preset, int bufferSize) {
        this.target = Objects.requireNonNull(target, "target");
        this.lzma = LzmaStream.encoder(preset, bufferSize, bufferSize);
        this.staging = new byte[bufferSize];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        try {
            while (len > 0) {
                int n = Math.min(len, lzma.inCapacity());
                lzma.setInput(b, off, n);
                off += n;
                len -= n;
                do {
                    int ret = lzma.code(Liblzma.LZMA_RUN);
                    drainOutput();
                    check(ret);
                } while (lzma.availIn() > 0);
            }
        } catch (IOException | RuntimeException e) {
            lzma.close();
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        target.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (target) {
            if (!lzma.isClosed()) {
                int ret;
                do {
                    ret = lzma.code(Liblzma.LZMA_FINISH);
                    drainOutput();
                    if (ret != Liblzma.LZMA_STREAM_END) {
                        check(ret);
                    }
                } while (ret != Liblzma.LZMA_STREAM_END);
            }
        } finally {
            lzma.close();
        }
    }

    private void drainOutput() throws IOException {
        int produced = lzma.produced();
        if (produced > 0) {
            lzma.copyOut(0, staging, 0, produced);
            target.write(staging, 0, produced);
        }
    }

    private static void check(int ret) {
        if (ret != Liblzma.LZMA_OK) {
            throw new IllegalStateException("lzma_code (encoder) returned " + Liblzma.retName(ret) + " (" + Liblzma.retMeaning(ret) + ")");
        }
    }

    private void ensureOpen() throws IOException {
        if (closed || lzma.isClosed()) {
            throw new IOException("xz output stream closed");
        }
    }
}
