package dev.tierpack.packer.chunk;

import java.util.Objects;

/**
 * Other implementations of {@link FastCdc}'s boundary rule, for tests and measurements:
 * {@link #spec} is the rule written as literally as possible (the executable specification), and
 * {@link #twoBytesPerIteration} is the 2020 paper's optimized loop, measured against
 * {@link FastCdc#cut} in {@code ChunkThroughputTest}.
 */
final class ReferenceCuts {
    private static final long[] GEAR_LS = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            GEAR_LS[i] = GearTable.get(i) << 1;
        }
    }

    private ReferenceCuts() {}

    /** The boundary rule of {@link FastCdc}'s class comment, one byte and one condition at a time. */
    static int spec(FastCdc cdc, byte[] buf, int off, int len) {
        ChunkerParams p = cdc.params();
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len <= p.minSize()) {
            return len;
        }
        int n = Math.min(len, p.maxSize());
        long maskS = FastCdc.mask(p.avgBits() + p.normalizationLevel());
        long maskL = FastCdc.mask(p.avgBits() - p.normalizationLevel());
        long fp = 0;
        for (int pos = p.minSize() - FastCdc.WINDOW; pos < n; pos++) {
            fp = (fp << 1) + GearTable.get(buf[off + pos] & 0xff);
            if (pos >= p.minSize() && (fp & (pos < p.avgSize() ? maskS : maskL)) == 0) {
                return pos;
            }
        }
        return n;
    }

    /**
     * The 2020 paper's "rolling two bytes each time": {@code (fp << 2) + GEAR_LS[a]} is
     * {@code fp(i) << 1}, tested against {@code mask << 1} (exact, as bit 63 of a mask is never
     * set), then {@code + GEAR[b]} is {@code fp(i+1)}.
     */
    static int twoBytesPerIteration(FastCdc cdc, byte[] buf, int off, int len) {
        ChunkerParams p = cdc.params();
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len <= p.minSize()) {
            return len;
        }
        final int end = off + Math.min(len, p.maxSize());
        final int normal = off + Math.min(p.avgSize(), Math.min(len, p.maxSize()));
        final long[] gear = GearTable.GEAR;
        final long[] gearLs = GEAR_LS;
        long fp = 0;
        int i = off + p.minSize() - FastCdc.WINDOW;
        for (; i < off + p.minSize(); i++) {
            fp = (fp << 1) + gear[buf[i] & 0xff];
        }
        long m = cdc.maskS();
        long mLs = m << 1;
        for (; i + 1 < normal; i += 2) {
            fp = (fp << 2) + gearLs[buf[i] & 0xff];
            if ((fp & mLs) == 0) {
                return i - off;
            }
            fp += gear[buf[i + 1] & 0xff];
            if ((fp & m) == 0) {
                return i + 1 - off;
            }
        }
        if (i < normal) {
            fp = (fp << 1) + gear[buf[i] & 0xff];
            if ((fp & m) == 0) {
                return i - off;
            }
            i++;
        }
        m = cdc.maskL();
        mLs = m << 1;
        for (; i + 1 < end; i += 2) {
            fp = (fp << 2) + gearLs[buf[i] & 0xff];
            if ((fp & mLs) == 0) {
                return i - off;
            }
            fp += gear[buf[i + 1] & 0xff];
            if ((fp & m) == 0) {
                return i + 1 - off;
            }
        }
        if (i < end) {
            fp = (fp << 1) + gear[buf[i] & 0xff];
            if ((fp & m) == 0) {
                return i - off;
            }
        }
        return end - off;
    }
}
