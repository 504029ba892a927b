package dev.tierpack.packer.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

/**
 * Tells whether a file's content is worth compressing, from a sample of it: already compressed content (the
 * tarballs of fixed-output derivations, zip/jar archives, compressed media and fonts) gains nothing from a second
 * compression, and zstd still spends its time on it. The sample is compressed with zstd's fastest regular level;
 * content is <em>incompressible</em> when that saves less than {@link #MIN_SAVING} of the sample. The verdict only
 * chooses a segment's codec (stored or zstd): it never changes what is stored, so a wrong verdict costs some bytes or
 * some CPU time, never data.
 *
 * <p>Not thread-safe (one zstd context, one output buffer); {@link #close()} releases the context.
 */
public final class CompressibilityProbe implements AutoCloseable {
    /** Fraction of the sample zstd level 1 must save for the content to count as compressible. */
    public static final double MIN_SAVING = 0.03;
    /** Largest sample compressed: a probe costs at most this much zstd-1 work. */
    public static final int MAX_SAMPLE = 64 << 10;

    private final ZstdCompressCtx ctx = new ZstdCompressCtx();
    private final byte[] out = new byte[(int) Zstd.compressBound(MAX_SAMPLE)];
    private long probes;
    private long incompressible;

    public CompressibilityProbe() {
        ctx.setLevel(1);
    }

    /** Whether {@code buf[off, off + len)} (its first {@link #MAX_SAMPLE} bytes) compresses by at least {@link #MIN_SAVING}. */
    public boolean compressible(byte[] buf, int off, int len) {
        int n = Math.min(len, MAX_SAMPLE);
        if (n == 0) {
            return true;
        }
        probes++;
        int stored = ctx.compressByteArray(out, 0, out.length, buf, off, n);
        boolean yes = stored <= (long) Math.floor(n * (1 - MIN_SAVING));
        if (!yes) {
            incompressible++;
        }
        return yes;
    }

    /** Samples probed so far. */
    public long probes() {
        return probes;
    }

    /** Samples found incompressible so far. */
    public long incompressible() {
        return incompressible;
    }

    @Override
    public void close() {
        ctx.close();
    }
}
