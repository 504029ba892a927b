package dev.tierpack.core.compress;

import static dev.tierpack.core.compress.CompressTestSupport.lcg;
import static dev.tierpack.core.compress.CompressTestSupport.pipeThrough;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Encoder output is standard: the xz and zstd command line tools decode it. */
class CompressorsTest {
    private static final byte[] DATA = RoundTripProperties.concat(
            "some text, some text, some text\n".repeat(5000).getBytes(StandardCharsets.US_ASCII),
            lcg(100_000, 5), new byte[70_000]);

    interface Encoder {
        OutputStream wrap(OutputStream out);
    }

    static byte[] encode(Encoder e, byte[] data) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream out = e.wrap(bo)) {
            out.write(data, 0, 1000);                // a small write,
            out.write(data[1000]);                   // a single byte,
            out.write(data, 1001, data.length - 1001); // and a large one
        }
        return bo.toByteArray();
    }

    @Test
    void nativeXzOutputIsDecodedByXzDcAndCarriesACrc64Check() throws Exception {
        for (int preset : new int[] {0, 6}) {
            byte[] xz = encode(out -> NativeXz.encoder(out, preset), DATA);
            assertThat(pipeThrough(xz, "xz", "-dc")).isEqualTo(DATA);
            assertCrc64(xz);
        }
    }

    @Test
    void pureJavaXzOutputIsDecodedByXzDcAndCarriesACrc64Check() throws Exception {
        byte[] xz = encode(out -> Compressors.javaXz(out, 1), DATA);
        assertThat(pipeThrough(xz, "xz", "-dc")).isEqualTo(DATA);
        assertCrc64(xz);
    }

    @Test
    void compressorsXzPrefersNativeAndIsDecodedByXzDc() throws Exception {
        try (OutputStream out = Compressors.xz(OutputStream.nullOutputStream(), 0)) {
            assertThat(out).isInstanceOf(NativeXzOutputStream.class);
        }
        byte[] zeros = encode(out -> Compressors.xz(out, 6), new byte[1001]);
        assertThat(pipeThrough(zeros, "xz", "-dc")).isEqualTo(new byte[1001]);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        Compressors.xz(bo, 6).close();
        assertThat(pipeThrough(bo.toByteArray(), "xz", "-dc")).isEmpty();
    }

    @Test
    void zstdOutputIsDecodedByZstdAndCarriesAChecksum() throws Exception {
        byte[] zst = encode(out -> Compressors.zstd(out, 3), DATA);
        assertThat(pipeThrough(zst, "zstd", "-dc")).isEqualTo(DATA);
        int frameHeaderDescriptor = zst[4] & 0xff;
        assertThat(frameHeaderDescriptor & 0x04).as("Content_Checksum_flag").isNotZero();
    }

    @Test
    void invalidLevelsAreRejected() {
        assertThatThrownBy(() -> Compressors.xz(OutputStream.nullOutputStream(), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compressors.xz(OutputStream.nullOutputStream(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compressors.zstd(OutputStream.nullOutputStream(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compressors.zstd(OutputStream.nullOutputStream(), 23)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Stream header: 6 magic bytes, then stream flags 0x00 and the check ID (0x04 = CRC64). */
    private static void assertCrc64(byte[] xz) {
        assertThat(xz[0] & 0xff).isEqualTo(0xFD);
        assertThat(xz[6]).isZero();
        assertThat(xz[7]).as("check ID").isEqualTo((byte) 0x04);
    }
}
