package dev.tierpack.packer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdCompressCtx;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.packer.format.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SegmentCodecTest {
    static final byte[] RAW = "the quick brown fox jumps over the lazy dog; ".repeat(2000).getBytes(StandardCharsets.US_ASCII);

    static byte[] compress(SegmentCompression c, byte[] raw) {
        SegmentCodec codec = new SegmentCodec(c);
        byte[] dst = new byte[codec.maxStoredLength(raw.length)];
        int n = codec.compress(raw, 0, raw.length, dst);
        return Arrays.copyOf(dst, n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 9, 19, -5})
    void roundTripsAtLevel(int level) {
        byte[] stored = compress(SegmentCompression.zstd(level), RAW);
        assertThat(stored.length).isLessThan(RAW.length / 10);
        assertThat(SegmentCodec.decompress(Codec.ZSTD, stored, 0, stored.length, RAW.length)).isEqualTo(RAW);
    }

    @Test
    void frameCarriesContentSizeAndChecksum() {
        byte[] stored = compress(SegmentCompression.zstdLong(3, 27), RAW);
        assertThat(stored[4] & 0x04).as("checksum flag").isNotZero();
        assertThat(stored[4] & 0xC0 | stored[4] & 0x20).as("content size present").isNotZero();
        assertThat(SegmentCodec.decompress(Codec.ZSTD, stored, 0, stored.length, RAW.length)).isEqualTo(RAW);
    }

    @Test
    void emptySegment() {
        byte[] stored = compress(SegmentCompression.zstd(3), new byte[0]);
        assertThat(SegmentCodec.decompress(Codec.ZSTD, stored, 0, stored.length, 0)).isEmpty();
    }

    @Test
    void noneCopies() {
        byte[] stored = compress(SegmentCompression.none(), RAW);
        assertThat(stored).isEqualTo(RAW);
        assertThatThrownBy(() -> SegmentCodec.decompress(Codec.NONE, stored, 0, stored.length, 5))
                .isInstanceOf(FormatException.class).hasMessageContaining("stored segment length differs");
    }

    @Test
    void rejectsAWrongRawLength() {
        byte[] stored = compress(SegmentCompression.zstd(3), RAW);
        assertThatThrownBy(() -> SegmentCodec.decompress(Codec.ZSTD, stored, 0, stored.length, RAW.length + 1))
                .isInstanceOf(FormatException.class).hasMessageContaining("content size differs from raw length")
                .hasMessageContaining("contentSize=" + RAW.length);
    }

    @Test
    void rejectsAFrameWithoutChecksum() {
        byte[] stored;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            stored = ctx.setLevel(3).setChecksum(false).setContentSize(true).compress(RAW);
        }
        assertThatThrownBy(() -> SegmentCodec.decompress(Codec.ZSTD, stored, 0, stored.length, RAW.length))
                .isInstanceOf(FormatException.class).hasMessageContaining("no checksum");
    }

    @Test
    void rejectsTwoFrames() {
        byte[] half = Arrays.copyOf(RAW, RAW.length / 2);
        byte[] one = compress(SegmentCompression.zstd(3), half);
        byte[] two = new byte[one.length * 2];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(one, 0, two, one.length, one.length);
        assertThatThrownBy(() -> SegmentCodec.decompress(Codec.ZSTD, two, 0, two.length, half.length))
                .isInstanceOf(FormatException.class).hasMessageContaining("not exactly one frame");
    }

    @Test
    void rejectsNonZstdBytes() {
        assertThatThrownBy(() -> SegmentCodec.decompress(Codec.ZSTD, RAW, 0, 100, 100))
                .isInstanceOf(FormatException.class).hasMessageContaining("not a zstd frame");
    }

    @Test
    void corruptPayloadIsAnIntegrityError() {
        byte[] stored = compress(SegmentCompression.zstd(3), RAW);
        stored[stored.length / 2] ^= 0x10;
        assertThatThrownBy(() -> SegmentCodec.decompress(Codec.ZSTD, stored, 0, stored.length, RAW.length))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("corrupt zstd segment");
    }

    @Test
    void validatesParameters() {
        assertThatThrownBy(() -> SegmentCompression.zstd(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentCompression.zstd(23)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentCompression.zstd(-129)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentCompression.zstdLong(3, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegmentCompression(Codec.ZSTD, 3, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("long-distance matching needs a window log");
        assertThatThrownBy(() -> new SegmentCompression(Codec.NONE, 3, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
