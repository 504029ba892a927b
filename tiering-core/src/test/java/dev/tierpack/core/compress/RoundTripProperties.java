package dev.tierpack.core.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** compress → decompress is the identity, for every codec with an encoder and every xz encoder/decoder pair. */
class RoundTripProperties {

    interface Encoder {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    static byte[] encode(byte[] data, Encoder e) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream out = e.wrap(bo)) {
            out.write(data);
        }
        return bo.toByteArray();
    }

    /** Empty, random (incompressible), highly compressible (a short pattern repeated) and mixtures of both. */
    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(40_000);
        Arbitrary<byte[]> repetitive = Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40),
                        Arbitraries.integers().between(1, 400_000))
                .as(RoundTripProperties::repeat);
        Arbitrary<byte[]> mixed = Combinators.combine(random, repetitive, random).as(RoundTripProperties::concat);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(3, random),
                Tuple.of(3, repetitive),
                Tuple.of(3, mixed));
    }

    @Property(tries = 40)
    void xzNativeEncoderRoundTripsThroughEveryInProcessDecoder(@ForAll("payloads") byte[] data, @ForAll @IntRange(min = 0, max = 3) int preset)
            throws IOException {
        byte[] xz = encode(data, out -> NativeXz.encoder(out, preset));
        assertThat(CompressTestSupport.decode(XzBackend.NATIVE, xz, "rt")).isEqualTo(data);
        assertThat(CompressTestSupport.decode(XzBackend.JAVA, xz, "rt")).isEqualTo(data);
    }

    @Property(tries = 20)
    void xzPureJavaEncoderRoundTripsThroughTheNativeDecoder(@ForAll("payloads") byte[] data, @ForAll @IntRange(min = 0, max = 1) int preset)
            throws IOException {
        byte[] xz = encode(data, out -> Compressors.javaXz(out, preset));
        assertThat(CompressTestSupport.decode(XzBackend.NATIVE, xz, "rt")).isEqualTo(data);
    }

    @Property(tries = 25)
    void bzip2RoundTrips(@ForAll("payloads") byte[] data) throws IOException {
        byte[] bz = encode(data, BZip2CompressorOutputStream::new);
        assertThat(CompressTestSupport.decode(Compression.BZIP2, bz)).isEqualTo(data);
    }

    @Property(tries = 40)
    void zstdRoundTrips(@ForAll("payloads") byte[] data, @ForAll @IntRange(min = 1, max = 9) int level) throws IOException {
        byte[] zst = encode(data, out -> Compressors.zstd(out, level));
        assertThat(CompressTestSupport.decode(Compression.ZSTD, zst)).isEqualTo(data);
    }

    /** However the caller reads (single bytes, odd sizes, zero-length reads), the bytes are the same. */
    @Property(tries = 30)
    void readChunkingDoesNotMatter(@ForAll("payloads") byte[] data, @ForAll("chunkSizes") List<Integer> chunks) throws IOException {
        byte[] xz = encode(data, out -> NativeXz.encoder(out, 0));
        byte[] zst = encode(data, out -> Compressors.zstd(out, 1));
        assertThat(readInChunks(XzBackend.NATIVE.open(new ByteArrayInputStream(xz), "c"), chunks)).isEqualTo(data);
        assertThat(readInChunks(XzBackend.JAVA.open(new ByteArrayInputStream(xz), "c"), chunks)).isEqualTo(data);
        assertThat(readInChunks(Decompressors.open(Compression.ZSTD, new ByteArrayInputStream(zst), "c"), chunks)).isEqualTo(data);
    }

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(-1, 70_000).list().ofMinSize(1).ofMaxSize(8)
                .filter(l -> l.stream().anyMatch(c -> c != 0)); // all zero-length reads would never progress
    }

    /** Sizes around the native buffers (64 KiB in, 128 KiB out) and the 1-byte edge. */
    @Example
    void xzBufferBoundaries() throws IOException {
        for (int n : new int[] {0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, 131_073, 262_144, 1_000_003}) {
            byte[] data = concat(CompressTestSupport.lcg(n / 2, n), repeat(new byte[] {1, 2, 3}, n - n / 2), new byte[0]);
            byte[] xz = encode(data, out -> Compressors.xz(out, 0));
            assertThat(CompressTestSupport.decode(XzBackend.NATIVE, xz, "b")).as("size %d", n).isEqualTo(data);
            assertThat(CompressTestSupport.decode(XzBackend.JAVA, xz, "b")).as("size %d", n).isEqualTo(data);
        }
    }

    /** -1 reads a single byte with read(), 0 is a zero-length read, n > 0 is read(b, off, n). */
    static byte[] readInChunks(InputStream in, List<Integer> chunks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            for (int i = 0; ; i++) {
                int c = chunks.get(i % chunks.size());
                if (c < 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                } else {
                    byte[] buf = new byte[c + 3];
                    int n = in.read(buf, 3, c);
                    if (n < 0) {
                        break;
                    }
                    assertThat(n).isBetween(c == 0 ? 0 : 1, c);
                    out.write(buf, 3, n);
                }
                if (i > 2_000_000) {
                    throw new AssertionError("no end of stream");
                }
            }
        }
        return out.toByteArray();
    }

    static byte[] repeat(byte[] pattern, int n) {
        byte[] r = new byte[n];
        for (int i = 0; i < n; i++) {
            r[i] = pattern[i % pattern.length];
        }
        return r;
    }

    static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] r = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        System.arraycopy(c, 0, r, a.length + b.length, c.length);
        return r;
    }
}
