package dev.tierpack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class BenchDataTest {
    private static final int SIZE = 4 << 20;

    @Test
    void sameSeedGivesSameBytesAndOtherSeedsDiffer() {
        assertThat(BenchData.random(SIZE, 1)).isEqualTo(BenchData.random(SIZE, 1)).isNotEqualTo(BenchData.random(SIZE, 2));
        assertThat(BenchData.text(SIZE, 1)).isEqualTo(BenchData.text(SIZE, 1)).isNotEqualTo(BenchData.text(SIZE, 2));
        assertThat(BenchData.mixed(SIZE, 1)).isEqualTo(BenchData.mixed(SIZE, 1)).isNotEqualTo(BenchData.mixed(SIZE, 2));
    }

    @Test
    void sizesAreExact() {
        for (int size : new int[] {0, 1, 17, 65_537, 300_000}) {
            assertThat(BenchData.random(size, 3)).hasSize(size);
            assertThat(BenchData.text(size, 3)).hasSize(size);
            assertThat(BenchData.mixed(size, 3)).hasSize(size);
        }
        assertThatThrownBy(() -> BenchData.mixed(-1, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative size");
    }

    @Test
    void textIsPrintableLinesOfWords() {
        byte[] text = BenchData.text(1 << 20, 5);
        int lines = 0;
        for (byte b : text) {
            assertThat(b == '\n' || (b >= 0x20 && b < 0x7f)).as("byte %d", b).isTrue();
            if (b == '\n') {
                lines++;
            }
        }
        // lines of 65-80 columns
        assertThat(lines).isBetween((1 << 20) / 100, (1 << 20) / 60);
        assertThat(new String(text, 0, 1 << 20, java.nio.charset.StandardCharsets.US_ASCII)).contains("/nix/store/");
    }

    @Test
    void compressibilityOrdersRandomMixedText() {
        double random = deflateRatio(BenchData.random(SIZE, 7));
        double mixed = deflateRatio(BenchData.mixed(SIZE, 7));
        double text = deflateRatio(BenchData.text(SIZE, 7));
        assertThat(random).isGreaterThan(0.99);
        assertThat(text).isLessThan(0.5);
        assertThat(mixed).isBetween(text + 0.05, random - 0.3);
    }

    private static double deflateRatio(byte[] data) {
        Deflater d = new Deflater(1);
        d.setInput(data);
        d.finish();
        byte[] out = new byte[64 << 10];
        long total = 0;
        while (!d.finished()) {
            total += d.deflate(out);
        }
        d.end();
        return (double) total / data.length;
    }
}
