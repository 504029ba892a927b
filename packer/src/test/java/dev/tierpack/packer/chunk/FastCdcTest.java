package dev.tierpack.packer.chunk;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FastCdcTest {
    private final FastCdc cdc = new FastCdc(ChunkerParams.of(16 << 10));

    @Test
    void masksAreContiguousHighBitsBelowBit63() {
        assertThat(FastCdc.mask(1)).isEqualTo(0x4000_0000_0000_0000L);
        assertThat(FastCdc.mask(16)).isEqualTo(0x7FFF_8000_0000_0000L);
        assertThat(FastCdc.mask(62)).isEqualTo(0x7FFF_FFFF_FFFF_FFFEL);
        assertThat(cdc.maskS()).isEqualTo(FastCdc.mask(16)); // log2(16 KiB) + 2
        assertThat(cdc.maskL()).isEqualTo(FastCdc.mask(12)); // log2(16 KiB) - 2
        assertThatThrownBy(() -> FastCdc.mask(63)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataWithoutCutPointsIsHardCutAtMaxSize() {
        byte[] zeros = new byte[300_000]; // fp is constant over a run of equal bytes and never matches
        int[] lengths = cdc.chunkLengths(zeros, 0, zeros.length);
        int max = 64 << 10;
        assertThat(lengths).containsExactly(max, max, max, max, 300_000 - 4 * max);
    }

    @Test
    void shortInputsAreOneChunkAndEmptyInputHasNone() {
        byte[] data = TestData.random(1, 4096);
        assertThat(cdc.cut(data, 0, 0)).isZero();
        assertThat(cdc.chunkLengths(data, 0, 0)).isEmpty();
        assertThat(cdc.chunkLengths(data, 0, 4096)).containsExactly(4096);
        assertThat(cdc.chunkLengths(data, 100, 1)).containsExactly(1);
    }

    @Test
    void cutWorksAtAnOffsetAndChecksBounds() {
        byte[] data = TestData.random(2, 200_000);
        byte[] shifted = new byte[data.length + 7];
        System.arraycopy(data, 0, shifted, 7, data.length);
        assertThat(cdc.cut(shifted, 7, data.length)).isEqualTo(cdc.cut(data, 0, data.length));
        assertThat(cdc.chunkLengths(shifted, 7, data.length)).isEqualTo(cdc.chunkLengths(data, 0, data.length));
        assertThatThrownBy(() -> cdc.cut(data, 1, data.length)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> cdc.cut(data, -1, 10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void bytesBeforeTheWarmUpWindowNeverMatter() {
        byte[] data = TestData.random(3, 200_000);
        byte[] other = data.clone();
        Arrays.fill(other, 0, 4096 - FastCdc.WINDOW, (byte) 7); // minSize is 4096
        assertThat(cdc.chunkLengths(other, 0, other.length)).isEqualTo(cdc.chunkLengths(data, 0, data.length));
    }

    @Test
    void aCandidateDependsOnlyOnItsOwn64ByteWindow() {
        // The cut found from one start is found again from a later start, as long as it is still
        // past that start's minSize and in the same mask region: the warm-up makes fp(p)
        // independent of where hashing began.
        byte[] data = TestData.random(4, 2 << 20);
        int later = 37;
        int checked = 0;
        int start = 0;
        for (int len : cdc.chunkLengths(data, 0, data.length)) {
            if (len - later >= 4096 && len < 16384) { // past the later start's minSize, in maskS for both starts
                assertThat(cdc.cut(data, start + later, data.length - start - later)).isEqualTo(len - later);
                checked++;
            }
            start += len;
        }
        assertThat(checked).isGreaterThan(10);
    }
}
