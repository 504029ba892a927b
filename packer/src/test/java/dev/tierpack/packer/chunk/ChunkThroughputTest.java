package dev.tierpack.packer.chunk;

import org.apache.commons.codec.digest.Blake3;
import org.apache.commons.codec.digest.MurmurHash3;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.params.Blake3Parameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rough throughput of chunking and hashing over 64 MiB of random data, printed in MB/s
 * (10^6 bytes per second, best of several passes after warm-up). Only sanity is asserted; the JMH
 * benchmarks give the real figures. The BLAKE3 and MurmurHash3 alternatives come from Bouncy
 * Castle and commons-codec, which the packer has only transitively (through MinIO): they are
 * measured here to document why ids use SHA-256, and production code must not use them.
 */
class ChunkThroughputTest {
    private static final int SIZE = 64 << 20;
    private static final int PIECE = 16 << 10;
    private static byte[] data;

    @BeforeAll
    static void makeData() {
        data = TestData.random(20240601L, SIZE);
    }

    interface Pass {
        long run() throws Exception;
    }

    /** Best MB/s over {@code passes} timed passes after {@code warmups} untimed ones; the pass's result is kept live. */
    private static double mbPerSecond(String name, int warmups, int passes, Pass pass) throws Exception {
        long sink = 0;
        for (int i = 0; i < warmups; i++) {
            sink += pass.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < passes; i++) {
            long t0 = System.nanoTime();
            sink += pass.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        double mbs = SIZE / (best / 1e9) / 1e6;
        System.out.printf(Locale.ROOT, "throughput %-38s %8.0f MB/s   (check %d)%n", name, mbs, sink & 0xff);
        return mbs;
    }

    @Test
    void chunkingIsFastEnough() throws Exception {
        for (int avg : new int[] {16 << 10, 64 << 10}) {
            FastCdc cdc = new FastCdc(ChunkerParams.of(avg));
            String p = ChunkerParams.formatSize(avg);
            double one = mbPerSecond("FastCdc.cut, avg " + p, 8, 7, () -> {
                long n = 0;
                for (int pos = 0; pos < SIZE; n++) {
                    pos += cdc.cut(data, pos, SIZE - pos);
                }
                return n;
            });
            double two = mbPerSecond("paper's 2 bytes/iteration loop, avg " + p, 8, 7, () -> {
                long n = 0;
                for (int pos = 0; pos < SIZE; n++) {
                    pos += ReferenceCuts.twoBytesPerIteration(cdc, data, pos, SIZE - pos);
                }
                return n;
            });
            ChunkStream stream = new ChunkStream(cdc);
            double streamed = mbPerSecond("ChunkStream (incl. copy), avg " + p, 2, 3, () -> {
                long[] n = {0};
                stream.chunk(new ByteArrayInputStream(data), (off, buf, o, len) -> n[0]++);
                return n[0];
            });
            System.out.printf(Locale.ROOT, "throughput paper's two-byte loop relative to FastCdc.cut, avg %s: %.2fx%n", p, two / one);
            assertThat(two).isGreaterThan(50);
            assertThat(one).isGreaterThan(50);
            assertThat(streamed).isGreaterThan(50);
        }
    }

    @Test
    void hashingIsFastEnough() throws Exception {
        ChunkHasher hasher = new ChunkHasher();
        double sha = mbPerSecond("SHA-256 (ChunkHasher), 16 KiB pieces", 3, 5, () -> {
            long x = 0;
            for (int pos = 0; pos < SIZE; pos += PIECE) {
                x += hasher.hash(data, pos, PIECE).w0();
            }
            return x;
        });
        assertThat(sha).isGreaterThan(50);

        byte[] key = TestData.random(7, 32);
        byte[] out = new byte[32];
        mbPerSecond("keyed BLAKE3 (Bouncy Castle), 16 KiB", 1, 3, () -> {
            Blake3Digest d = new Blake3Digest(256);
            long x = 0;
            for (int pos = 0; pos < SIZE; pos += PIECE) {
                d.init(Blake3Parameters.key(key));
                d.update(data, pos, PIECE);
                d.doFinal(out, 0);
                x += out[0];
            }
            return x;
        });
        mbPerSecond("keyed BLAKE3 (commons-codec), 16 KiB", 1, 3, () -> {
            long x = 0;
            for (int pos = 0; pos < SIZE; pos += PIECE) {
                Blake3 b = Blake3.initKeyedHash(key);
                b.update(data, pos, PIECE);
                b.doFinalize(out);
                x += out[0];
            }
            return x;
        });
        mbPerSecond("MurmurHash3 x64 128 (not collision-safe)", 2, 3, () -> {
            long x = 0;
            for (int pos = 0; pos < SIZE; pos += PIECE) {
                x += MurmurHash3.hash128x64(data, pos, PIECE, 0)[0];
            }
            return x;
        });
    }

    @Test
    void ignoredBytesDoNotMatter() throws IOException {
        // Sanity check that the data is what the passes measured: chunks of it hash to ids of 32 bytes.
        ChunkStream stream = new ChunkStream(ChunkerParams.of(16 << 10));
        long n = stream.chunk(new ByteArrayInputStream(data, 0, 1 << 20), (off, buf, o, len) ->
                assertThat(ChunkHasher.forCurrentThread().hash(buf, o, len).bytes()).hasSize(32));
        assertThat(n).isEqualTo(1 << 20);
    }
}
