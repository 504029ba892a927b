package dev.tierpack.packer.pack;

import com.github.luben.zstd.ZstdCompressCtx;

/**
 * Working memory that successive {@link PackWriter}s of one writer thread reuse: the raw segment buffer, the
 * compressed-segment buffer and the zstd compression context. A cold segment is 128 MiB raw plus as much again for
 * its compressed form; allocating them afresh for every pack costs the zeroing and the page faults of a quarter
 * gigabyte per pack, and a fresh zstd context per segment costs its table set-up. Reuse changes no output byte:
 * the context is reset to its parameters before each segment ({@link dev.tierpack.packer.compress.SegmentCodec}).
 *
 * <p>Used by one writer at a time (a packing session gives each of its open packs its own); not thread-safe.
 * {@link #close()} releases the native context.
 */
public final class PackBuffers implements AutoCloseable {
    /** First size of the raw segment buffer; a segment that outgrows it gets the whole segment target. */
    static final int INITIAL_RAW = 8 << 20;

    private byte[] raw = new byte[0];
    private byte[] stored = new byte[0];
    private ZstdCompressCtx zstd;
    private boolean closed;

    /** A raw segment buffer of at least {@code length} bytes (the previous one if large enough). */
    byte[] raw(int length) {
        checkOpen();
        if (raw.length < length) {
            raw = new byte[length];
        }
        return raw;
    }

    /** The raw buffer grown to at least {@code length} bytes, its first {@code keep} bytes preserved. */
    byte[] grow(int keep, int length) {
        checkOpen();
        if (raw.length < length) {
            byte[] bigger = new byte[length];
            System.arraycopy(raw, 0, bigger, 0, keep);
            raw = bigger;
        }
        return raw;
    }

    /** Drops a raw buffer larger than {@code length} (after a chunk larger than a segment), keeping memory bounded. */
    void trimRaw(int length) {
        if (raw.length > length) {
            raw = new byte[0];
        }
    }

    /** A compressed-segment buffer of at least {@code length} bytes. */
    byte[] stored(int length) {
        checkOpen();
        if (stored.length < length) {
            stored = new byte[length];
        }
        return stored;
    }

    /** The reusable zstd context (created on first use). */
    ZstdCompressCtx zstd() {
        checkOpen();
        if (zstd == null) {
            zstd = new ZstdCompressCtx();
        }
        return zstd;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("pack buffers closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        raw = new byte[0];
        stored = new byte[0];
        if (zstd != null) {
            zstd.close();
            zstd = null;
        }
    }
}
