package dev.tierpack.packer.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.format.TierCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackWriterConfigTest {
    @Test
    void warmAndColdDefaultsAreTheBenchmarkedSettings() {
        PackWriterConfig warm = PackWriterConfig.defaults(TierCode.WARM, ContentCode.DATA);
        PackWriterConfig cold = PackWriterConfig.defaults(TierCode.COLD, ContentCode.MANIFESTS);
        assertThat(warm.targetPackSize()).isEqualTo(cold.targetPackSize()).isEqualTo(512L << 20);
        assertThat(warm.targetSegmentSize()).isEqualTo(4 << 20);
        assertThat(warm.compression()).isEqualTo(new SegmentCompression(Codec.ZSTD, 6, 22, false));
        assertThat(cold.targetSegmentSize()).isEqualTo(128 << 20);
        assertThat(cold.compression()).isEqualTo(SegmentCompression.zstdLong(3, 27));
        assertThat(warm.tier()).isEqualTo(TierCode.WARM);
        assertThat(cold.tier()).isEqualTo(TierCode.COLD);
        assertThat(cold.content()).isEqualTo(ContentCode.MANIFESTS);
    }

    @Test
    void aColdDefaultPackReadsBackAndLongMatchesAcrossTheSegmentAreFound() throws IOException {
        // 2 MiB of chunks (half of them random), 1 MiB of other random chunks, then the first 2 MiB again cut
        // elsewhere: 3 MiB back, beyond level 3's default 2 MiB window, within the cold 128 MiB long window
        int size = 32 << 10;
        List<byte[]> first = TestPacks.contents(11, Collections.nCopies(64, size));
        List<byte[]> contents = new ArrayList<>(first);
        contents.addAll(TestPacks.contents(12, Collections.nCopies(32, size)).stream().filter(c -> !isText(c)).toList());
        contents.addAll(TestPacks.contents(13, Collections.nCopies(64, size)).stream().filter(c -> !isText(c)).toList());
        byte[] joined = new byte[first.size() * size];
        for (int i = 0; i < first.size(); i++) {
            System.arraycopy(first.get(i), 0, joined, i * size, size);
        }
        for (int off = 1000; off + (48 << 10) <= joined.length; off += 48 << 10) {
            contents.add(java.util.Arrays.copyOfRange(joined, off, off + (48 << 10)));
        }
        TestPacks.Written cold = TestPacks.write(PackWriterConfig.defaults(TierCode.COLD, ContentCode.DATA), contents);
        TestPacks.Written plain = TestPacks.write(TestPacks.config(128 << 20, SegmentCompression.zstd(3)), contents);

        PackReader reader = new PackReader(RangeSource.of(cold.bytes()), cold.bytes().length, cold.name());
        PackTail tail = reader.readFooterAndTrailer();
        assertThat(tail.matches(cold.result())).isTrue();
        assertThat(tail.index().segments()).hasSize(1);
        SegmentRecord seg = tail.index().segments().getFirst();
        assertThat(seg.codec()).isEqualTo(Codec.ZSTD);
        assertThat(seg.level()).isEqualTo(3);
        for (Map.Entry<ChunkId, byte[]> e : cold.chunks().entrySet()) {
            assertThat(reader.readChunk(tail.index(), e.getKey())).isEqualTo(e.getValue());
        }
        // the repeat (1 MiB of it random) is nearly free with the long window and costs its size without
        long coldStored = seg.storedLength();
        long plainStored = plain.result().index().segments().getFirst().storedLength();
        assertThat(coldStored).isLessThan(plainStored - (900 << 10));
    }

    /** TestPacks makes even chunks text-like; those compress, random ones do not. */
    private static boolean isText(byte[] c) {
        int zeros = 0;
        for (byte b : c) {
            zeros += b == 0 ? 1 : 0;
        }
        return zeros > c.length / 50;
    }
}
