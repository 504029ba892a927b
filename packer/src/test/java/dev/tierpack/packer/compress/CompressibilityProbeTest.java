package dev.tierpack.packer.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CompressibilityProbeTest {

    private static byte[] text(int n) {
        StringBuilder b = new StringBuilder();
        SplittableRandom r = new SplittableRandom(3);
        String[] words = {"/nix/store/", "lib", "python3.12", "site-packages", "def ", "return ", "\n", "import os"};
        while (b.length() < n) {
            b.append(words[r.nextInt(words.length)]).append(r.nextInt(100));
        }
        return b.substring(0, n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void textIsCompressibleRandomAndGzipAreNot() throws IOException {
        try (CompressibilityProbe probe = new CompressibilityProbe()) {
            byte[] text = text(200_000);
            assertThat(probe.compressible(text, 0, text.length)).isTrue();

            byte[] random = new byte[40_000];
            new SplittableRandom(1).nextBytes(random);
            assertThat(probe.compressible(random, 0, random.length)).isFalse();

            byte[] g = gzipOf(text(2_000_000));
            assertThat(probe.compressible(g, 100, Math.min(g.length - 100, 32_768))).isFalse();
            assertThat(probe.probes()).isEqualTo(3);
            assertThat(probe.incompressible()).isEqualTo(2);
        }
    }

    @Test
    void onlyTheSampleIsCompressedAndAnEmptyOneIsCompressible() {
        try (CompressibilityProbe probe = new CompressibilityProbe()) {
            byte[] b = new byte[CompressibilityProbe.MAX_SAMPLE * 4];
            new SplittableRandom(2).nextBytes(b); // random sample first ...
            System.arraycopy(text(3 * CompressibilityProbe.MAX_SAMPLE), 0, b, CompressibilityProbe.MAX_SAMPLE,
                    3 * CompressibilityProbe.MAX_SAMPLE); // ... then text the probe does not look at
            assertThat(probe.compressible(b, 0, b.length)).isFalse();
            assertThat(probe.compressible(b, 0, 0)).isTrue();
            assertThat(probe.probes()).isEqualTo(1);
        }
    }

    private static byte[] gzipOf(byte[] b) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(b);
        }
        return gz.toByteArray();
    }
}
