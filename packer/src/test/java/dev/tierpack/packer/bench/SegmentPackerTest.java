package dev.tierpack.packer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.IndexBody;
import dev.tierpack.packer.format.PackFooter;
import dev.tierpack.packer.format.PackHeader;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SegmentPackerTest {
    static final int CHUNK = 100 << 10;

    private static SegmentPacker.Stats pack(SegmentPacker p, int chunks) throws IOException {
        for (int i = 0; i < chunks; i++) {
            byte[] b = TestCaches.random(i, CHUNK);
            p.accept(i, new ChunkHasher().hash(b), b, 0, b.length, true);
        }
        return p.finish();
    }

    @Test
    void countsExactlyWhatPackWriterWritesAndWhereEachChunkLanded() throws IOException {
        // random chunks are stored uncompressed, so every length is known: 2 chunks fit a 256 KiB segment
        PackWriterConfig config = new PackWriterConfig(1L << 40, 256 << 10, SegmentCompression.zstd(3), TierCode.COLD,
                ContentCode.DATA);
        SegmentPacker p = new SegmentPacker(config);
        SegmentPacker.Stats s = pack(p, 10);

        long trailer = IndexBody.encodedSize(5, 10);
        assertThat(s.packs()).isEqualTo(1);
        assertThat(s.segments()).isEqualTo(5);
        assertThat(s.storedSegments()).isEqualTo(5);
        assertThat(s.chunks()).isEqualTo(10);
        assertThat(s.rawBytes()).isEqualTo(10L * CHUNK);
        assertThat(s.packBytes()).isEqualTo(PackHeader.SIZE + 10L * CHUNK + trailer + PackFooter.SIZE);
        assertThat(s.indexBytes()).isEqualTo(PackIndexObject.OVERHEAD + trailer);
        assertThat(p.recordedChunks()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(p.segmentStoredLength(i)).isEqualTo(2 * CHUNK);
        }
        assertThat(s.time().cpuNanos()).isPositive();
    }

    @Test
    void startsANewPackWhenTheCurrentOneIsFull() throws IOException {
        PackWriterConfig config = new PackWriterConfig(3L * CHUNK, CHUNK, SegmentCompression.none(), TierCode.WARM,
                ContentCode.DATA);
        SegmentPacker p = new SegmentPacker(config);
        SegmentPacker.Stats s = pack(p, 10);
        assertThat(s.packs()).isGreaterThan(1);
        assertThat(s.segments()).isEqualTo(10);
        assertThat(s.storedSegments()).isZero(); // codec none was asked for, not chosen
        long trailers = s.packBytes() - s.packs() * (long) (PackHeader.SIZE + PackFooter.SIZE) - 10L * CHUNK;
        assertThat(trailers).isEqualTo(s.packs() * 8L + 10L * (SegmentRecord.SIZE + ChunkRecord.SIZE));
        assertThat(s.indexBytes()).isEqualTo(s.packs() * (long) PackIndexObject.OVERHEAD + trailers);
        assertThat(p.recordedChunks()).isEqualTo(10);
    }

    @Test
    void chunksMustArriveInOrder() throws IOException {
        SegmentPacker p = new SegmentPacker(PackWriterConfig.defaults(TierCode.WARM, ContentCode.DATA));
        byte[] b = TestCaches.random(1, 10);
        assertThatThrownBy(() -> p.accept(1, new ChunkHasher().hash(b), b, 0, b.length, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 0, got 1");
        p.finish();
        assertThatThrownBy(() -> p.accept(0, new ChunkHasher().hash(b), b, 0, b.length, true))
                .isInstanceOf(IllegalStateException.class);
    }
}
