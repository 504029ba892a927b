package dev.tierpack.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic benchmark inputs, generated in memory from a seed (the same seed always gives the
 * same bytes, on every JVM), so runs are comparable without any input files.
 *
 * <ul>
 *   <li>{@link #random}: uniformly random bytes, incompressible;</li>
 *   <li>{@link #text}: text-like lines: words of a fixed vocabulary drawn with a skewed
 *       (Zipf-like) frequency, decimal numbers and Nix store paths; compresses like source code or
 *       logs (zstd -3 to about 0.36 of its size);</li>
 *   <li>{@link #mixed}: alternating runs of text (16-256 KiB) and random bytes (4-128 KiB),
 *       10-20% of the bytes random depending on the seed (zstd -3 to 0.43-0.49), standing in for a NAR's mix of text, compressible binaries
 *       and already-compressed files.</li>
 * </ul>
 */
public final class BenchData {
    /** Seed used by the benchmarks unless they need several independent inputs. */
    public static final long SEED = 0x7131_e2ac_4b0c_5eedL;

    private static final byte[] NIX32 = "0123456789abcdfghijklmnpqrsvwxyz".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STORE = "/nix/store/".getBytes(StandardCharsets.US_ASCII);
    private static final int VOCABULARY = 2048;

    private BenchData() {}

    /** {@code size} uniformly random bytes. */
    public static byte[] random(int size, long seed) {
        checkSize(size);
        byte[] out = new byte[size];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    /** {@code size} bytes of text-like data (see the class comment). */
    public static byte[] text(int size, long seed) {
        checkSize(size);
        byte[] out = new byte[size];
        new TextWriter(new SplittableRandom(seed)).fill(out, 0, size);
        return out;
    }

    /** {@code size} bytes alternating text-like and random runs (see the class comment). */
    public static byte[] mixed(int size, long seed) {
        checkSize(size);
        SplittableRandom r = new SplittableRandom(seed);
        TextWriter text = new TextWriter(r.split());
        byte[] out = new byte[size];
        byte[] noise = new byte[128 << 10];
        int pos = 0;
        while (pos < size) {
            int n = Math.min(size - pos, r.nextInt(16 << 10, (256 << 10) + 1));
            text.fill(out, pos, n);
            pos += n;
            if (pos < size && r.nextInt(3) == 0) {
                n = Math.min(size - pos, r.nextInt(4 << 10, (128 << 10) + 1));
                r.nextBytes(noise);
                System.arraycopy(noise, 0, out, pos, n);
                pos += n;
            }
        }
        return out;
    }

    private static void checkSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    /** Writes an endless text-like stream into successive ranges of arrays. */
    private static final class TextWriter {
        private final SplittableRandom r;
        private final byte[][] words;
        private int column;

        TextWriter(SplittableRandom r) {
            this.r = r;
            this.words = new byte[VOCABULARY][];
            for (int i = 0; i < VOCABULARY; i++) {
                byte[] w = new byte[r.nextInt(2, 11)];
                for (int j = 0; j < w.length; j++) {
                    w[j] = (byte) ('a' + r.nextInt(26));
                }
                words[i] = w;
            }
        }

        void fill(byte[] out, int off, int len) {
            int end = off + len;
            int pos = off;
            while (pos < end) {
                int kind = r.nextInt(100);
                if (kind < 2) {
                    pos = storePath(out, pos, end);
                } else if (kind < 8) {
                    pos = number(out, pos, end);
                } else {
                    // u^3 skews towards the first words: a few very frequent ones, a long tail
                    double u = r.nextDouble();
                    pos = put(out, pos, end, words[(int) (VOCABULARY * u * u * u)]);
                }
                if (pos < end) {
                    out[pos++] = (byte) (column > 64 + r.nextInt(16) ? '\n' : ' ');
                    column = out[pos - 1] == '\n' ? 0 : column + 1;
                }
            }
        }

        private int storePath(byte[] out, int pos, int end) {
            pos = put(out, pos, end, STORE);
            for (int i = 0; i < 32 && pos < end; i++) {
                out[pos++] = NIX32[r.nextInt(32)];
            }
            if (pos < end) {
                out[pos++] = '-';
            }
            return put(out, pos, end, words[r.nextInt(64)]);
        }

        private int number(byte[] out, int pos, int end) {
            int digits = r.nextInt(1, 9);
            for (int i = 0; i < digits && pos < end; i++) {
                out[pos++] = (byte) ('0' + r.nextInt(10));
            }
            return pos;
        }

        private int put(byte[] out, int pos, int end, byte[] word) {
            int n = Math.min(word.length, end - pos);
            System.arraycopy(word, 0, out, pos, n);
            column += n;
            return pos + n;
        }
    }
}
