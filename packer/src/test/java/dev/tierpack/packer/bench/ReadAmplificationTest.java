package dev.tierpack.packer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tierpack.packer.chunk.ChunkHasher;
import org.junit.jupiter.api.Test;

class ReadAmplificationTest {
    @Test
    void weighsEachChunkBySegmentLengthOverChunkLengthTimesItsReads() {
        ChunkTable t = new ChunkTable();
        // chunk 0: 100 bytes in a 1000-byte segment, read 3 times -> 10x each read
        // chunk 1: 500 bytes in the same segment, read once -> 2x
        // chunk 2: 10 bytes alone in a 20-byte segment, read 96 times -> 2x
        t.add(new ChunkHasher().hash(new byte[] {0}), 100);
        t.add(new ChunkHasher().hash(new byte[] {1}), 500);
        t.add(new ChunkHasher().hash(new byte[] {2}), 10);
        t.reference(0);
        t.reference(0);
        for (int i = 1; i < 96; i++) {
            t.reference(2);
        }
        int[] seg = {1000, 1000, 20};
        ReadAmplification ra = ReadAmplification.of(t, i -> seg[i]);
        assertThat(ra.averagePerRead()).isCloseTo((3 * 10 + 2 + 96 * 2) / 100.0, offset(1e-12));
        // 97 of 100 reads are at 2x, so the 99th percentile is the 10x chunk
        assertThat(ra.p99PerRead()).isEqualTo(10.0);
        assertThat(ra.bytesPerByte()).isCloseTo((3 * 1000 + 1000 + 96 * 20) / (3 * 100.0 + 500 + 96 * 10), offset(1e-12));
    }

    @Test
    void emptyTableReadsNothing() {
        assertThat(ReadAmplification.of(new ChunkTable(), i -> 0)).isEqualTo(new ReadAmplification(0, 0, 0));
    }
}
