package dev.tierpack.packer.compress;

/**
 * The per-file verdict on compressing new chunks: a file smaller than {@link #PROBE_MIN_FILE} is compressible
 * (small files are mostly text and metadata, compressed together in a segment); a larger file is probed
 * ({@link CompressibilityProbe}) on its first new chunk and again on the first new chunk at least
 * {@link #PROBE_INTERVAL} bytes further, and the verdict holds for the new chunks in between. Already compressed
 * files (the tarballs of fixed outputs, archives, media) are then stored without zstd (FORMAT.md 3.2).
 *
 * <p>One per ingest thread; call {@link #startFile} for each regular file, then {@link #verdict} for each of its new
 * chunks in file order. Not thread-safe; {@link #close()} releases the probe's zstd context.
 */
public final class FileCompressibility implements AutoCloseable {
    /** Files below this size are not probed: their chunks are compressed. */
    public static final long PROBE_MIN_FILE = 64 << 10;
    /** Distance in a file between two probes. */
    public static final long PROBE_INTERVAL = 4 << 20;

    private CompressibilityProbe probe; // created on the first probe
    private boolean probed;
    private boolean compressible = true;
    private long nextProbe;

    /** A regular file of {@code size} bytes starts. */
    public void startFile(long size) {
        startFile(size, true);
    }

    /** A regular file of {@code size} bytes starts; with {@code probe} false every chunk of it counts as compressible. */
    public void startFile(long size, boolean probe) {
        probed = probe && size >= PROBE_MIN_FILE;
        compressible = true;
        nextProbe = 0;
    }

    /** Whether the new chunk {@code buf[off, off + len)} at {@code offset} in the current file is to be compressed. */
    public boolean verdict(long offset, byte[] buf, int off, int len) {
        if (probed && offset >= nextProbe) {
            if (probe == null) {
                probe = new CompressibilityProbe();
            }
            compressible = probe.compressible(buf, off, len);
            nextProbe = offset + PROBE_INTERVAL;
        }
        return compressible;
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }
}
