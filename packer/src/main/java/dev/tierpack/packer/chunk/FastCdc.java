package dev.tierpack.packer.chunk;

import java.util.Arrays;
import java.util.Objects;

/**
 * FastCDC content-defined chunking (Xia et al., USENIX ATC 2016; IEEE TPDS 2020) with a gear
 * rolling hash, cut-point skipping and normalized chunking. Immutable and thread-safe.
 *
 * <h2>Boundary rule (part of tierpack's storage format)</h2>
 * Given bytes {@code b[0..len)} of which {@code b[0]} starts a chunk, that chunk's length is:
 * <ol>
 *   <li>{@code len} if {@code len <= minSize} (a short file is exactly one chunk);</li>
 *   <li>otherwise the smallest position {@code p} in {@code [minSize, min(len, maxSize))} where
 *       {@code (fp(p) & mask(p)) == 0}, the byte at {@code p} starting the next chunk;</li>
 *   <li>otherwise {@code min(len, maxSize)} (hard cut, or end of data).</li>
 * </ol>
 * {@code fp(p)} is the gear hash of the 64 bytes ending at {@code p}:
 * {@code fp(p) = sum over j in [0, 64) of GEAR[b[p-j]] << j} (mod 2^64), i.e. the value of
 * {@code fp = (fp << 1) + GEAR[b[i]]} after absorbing bytes {@code minSize-64 .. p}. (Unlike the
 * paper, which starts hashing at minSize, the hash is warmed up over the 64 bytes before minSize;
 * so whether a position is a cut candidate depends only on its 64-byte neighbourhood, never on
 * where the chunk began, which helps boundaries resynchronize after an insertion.)
 * {@code mask(p)} is {@code maskS} for {@code p < avgSize} and {@code maskL} from avgSize on;
 * a mask of {@code k} bits is the {@code k} contiguous bits just below bit 63, i.e. bits
 * {@code 63-k .. 62}: bit {@code i} of a gear hash depends on the last {@code i+1} bytes, so these
 * bits already see 48 or more bytes (the paper spreads its mask bits with zero padding to reach
 * a 48-byte window; contiguous high bits get there without it), and leaving bit 63 unused keeps
 * the two-bytes-per-iteration variant exact. {@code maskS} has
 * {@code log2(avgSize) + normalizationLevel} bits (cuts are rarer before the average point) and
 * {@code maskL} has {@code log2(avgSize) - normalizationLevel} bits (more frequent after it).
 *
 * <p>So every chunk but the last of a stream has {@code minSize <= length <= maxSize}, the last
 * has {@code 1 <= length <= maxSize}, and an empty input has no chunks.
 *
 * <h2>Speed</h2>
 * {@link #cut} is three plain byte-at-a-time loops (warm-up, maskS region, maskL region) that
 * the JIT unrolls; the only loop-carried dependency is one shift-and-add per byte. The "rolling two bytes per
 * iteration" loop of the 2020 paper (one shift per two bytes, with a table pre-shifted left by
 * one) gives identical boundaries but was slower in Java: on the development machine (2-core
 * AMD EPYC, JDK 25, 64 MiB of random data, avg 16 KiB) about 4.4 GB/s here against 1.6 GB/s for
 * the paper's loop with its two exits, and 3.6–4.4 GB/s for branch-merged two-byte variants. It
 * is kept in the tests ({@code ReferenceCuts}) so the comparison can be repeated; see
 * {@code ChunkThroughputTest}.
 */
public final class FastCdc {
    /** Bytes that influence one fingerprint: the width of a 64-bit gear hash. */
    public static final int WINDOW = 64;

    private final ChunkerParams params;
    private final int minSize;
    private final int avgSize;
    private final int maxSize;
    private final long maskS;
    private final long maskL;

    public FastCdc(ChunkerParams params) {
        this.params = Objects.requireNonNull(params, "params");
        this.minSize = params.minSize();
        this.avgSize = params.avgSize();
        this.maxSize = params.maxSize();
        this.maskS = mask(params.avgBits() + params.normalizationLevel());
        this.maskL = mask(params.avgBits() - params.normalizationLevel());
    }

    public ChunkerParams params() {
        return params;
    }

    /** The cut-point mask with {@code bits} one-bits: bits {@code 63-bits .. 62}. */
    static long mask(int bits) {
        if (bits < 1 || bits > 62) {
            throw new IllegalArgumentException("mask bits out of range: " + bits);
        }
        return ((1L << bits) - 1) << (63 - bits);
    }

    long maskS() {
        return maskS;
    }

    long maskL() {
        return maskL;
    }

    /**
     * Length of the first chunk of {@code buf[off, off+len)} by the boundary rule above:
     * 0 if {@code len == 0}, else in {@code [1, min(len, maxSize)]}. For the result to equal what
     * the whole stream would give, {@code len} must be at least {@code maxSize} or reach the end
     * of the data (bytes past {@code maxSize} are never read).
     */
    public int cut(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len <= minSize) {
            return len;
        }
        final int end = off + Math.min(len, maxSize);
        final int normal = off + Math.min(avgSize, Math.min(len, maxSize));
        final long[] gear = GearTable.GEAR;
        long fp = 0;
        int i = off + minSize - WINDOW;
        for (; i < off + minSize; i++) {
            fp = (fp << 1) + gear[buf[i] & 0xff];
        }
        final long ms = maskS;
        for (; i < normal; i++) {
            fp = (fp << 1) + gear[buf[i] & 0xff];
            if ((fp & ms) == 0) {
                return i - off;
            }
        }
        final long ml = maskL;
        for (; i < end; i++) {
            fp = (fp << 1) + gear[buf[i] & 0xff];
            if ((fp & ml) == 0) {
                return i - off;
            }
        }
        return end - off;
    }

    /**
     * Lengths of all chunks of {@code buf[off, off+len)}, which is taken to be a whole stream.
     * An in-memory convenience for tests, tools and benchmarks; streaming code uses
     * {@link ChunkStream}.
     */
    public int[] chunkLengths(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int[] out = new int[Math.max(4, len / avgSize + 1)];
        int count = 0;
        int pos = 0;
        while (pos < len) {
            int c = cut(buf, off + pos, len - pos);
            if (count == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[count++] = c;
            pos += c;
        }
        return Arrays.copyOf(out, count);
    }

    @Override
    public String toString() {
        return "FastCdc[" + params + "]";
    }
}
