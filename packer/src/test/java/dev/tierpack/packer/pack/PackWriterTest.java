package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkHasher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.format.TierCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackWriterTest {

    /** Discards bytes, counting them and the write calls. */
    static final class CountingOutputStream extends OutputStream {
        long bytes;
        int writes;

        @Override
        public void write(int b) {
            bytes++;
            writes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            writes++;
        }
    }

    @Test
    void writes64MiBProgressivelyHoldingAtMostOneSegment() throws IOException {
        int segment = 1 << 20;
        CountingOutputStream out = new CountingOutputStream();
        PackWriter w = PackWriter.start(out, new PackWriterConfig(64L << 20, segment, SegmentCompression.zstd(1),
                TierCode.COLD, ContentCode.DATA));
        SplittableRandom r = new SplittableRandom(1);
        byte[] buf = new byte[256 << 10];
        long added = 0;
        int maxPending = 0;
        while (!w.isFull()) {
            int len = 1 + r.nextInt(buf.length);
            r.nextBytes(buf);
            w.add(ChunkHasher.forCurrentThread().hash(buf, 0, len), buf, 0, len);
            added += len;
            // random chunks are stored (zstd does not shrink them), so every raw byte not pending has been emitted
            assertThat(out.bytes).isEqualTo(64 + added - w.pendingRawBytes());
            assertThat(w.pendingRawBytes()).isLessThan(segment);
            maxPending = Math.max(maxPending, w.pendingRawBytes());
        }
        PackResult res = w.finish();
        assertThat(out.bytes).isEqualTo(res.packLength());
        assertThat(res.packLength()).isBetween(64L << 20, (64L << 20) + buf.length + (1 << 16));
        List<SegmentRecord> segments = res.index().segments();
        assertThat(segments.size()).isGreaterThanOrEqualTo(64);
        assertThat(segments).allSatisfy(s -> assertThat(s.rawLength()).isLessThanOrEqualTo(segment));
        assertThat(out.writes).isEqualTo(1 + segments.size() + 3); // header, segments, trailer + footer in 3
        assertThat(maxPending).isGreaterThan(segment / 2);
    }

    @Test
    void rejectsADuplicateChunkAndStaysUsable() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackWriter w = PackWriter.start(out, TestPacks.config(1024, SegmentCompression.zstd(3)));
        byte[] a = "a chunk".getBytes();
        ChunkId id = ChunkHasher.forCurrentThread().hash(a, 0, a.length);
        w.add(id, a, 0, a.length);
        assertThatThrownBy(() -> w.add(id, a, 0, a.length)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunk already in this pack").hasMessageContaining(id.toHex())
                .hasMessageContaining(w.header().packId().hex());
        byte[] b = "another".getBytes();
        w.add(ChunkHasher.forCurrentThread().hash(b, 0, b.length), b, 0, b.length);
        PackResult res = w.finish();
        assertThat(res.index().chunks()).hasSize(2);
    }

    @Test
    void refusesUseAfterAnIoError() throws IOException {
        IOException boom = new IOException("connection reset");
        OutputStream failing = new OutputStream() {
            long n;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if ((n += len) > 64) {
                    throw boom;
                }
            }
        };
        PackWriter w = PackWriter.start(failing, TestPacks.config(100, SegmentCompression.none()));
        byte[] c = new byte[150];
        assertThatThrownBy(() -> w.add(ChunkHasher.forCurrentThread().hash(c, 0, c.length), c, 0, c.length)).isSameAs(boom);
        byte[] d = new byte[] {1};
        assertThatThrownBy(() -> w.add(ChunkHasher.forCurrentThread().hash(d, 0, 1), d, 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed earlier").hasCause(boom);
        assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class).hasCause(boom);
    }

    @Test
    void refusesUseAfterFinish() throws IOException {
        PackWriter w = PackWriter.start(new ByteArrayOutputStream(), TestPacks.config(100, SegmentCompression.none()));
        w.finish();
        byte[] d = new byte[] {1};
        assertThatThrownBy(() -> w.add(ChunkHasher.forCurrentThread().hash(d, 0, 1), d, 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already finished");
        assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void isFullCountsPendingBytesTrailerAndFooter() throws IOException {
        // target 64 + 100 raw + trailer(1 segment, 2 chunks) 8+32+88 + footer 56 = 348
        PackWriter w = PackWriter.start(new ByteArrayOutputStream(),
                new PackWriterConfig(348, 1000, SegmentCompression.none(), TierCode.WARM, ContentCode.DATA));
        byte[] a = new byte[60];
        byte[] b = new byte[40];
        b[0] = 1;
        w.add(ChunkHasher.forCurrentThread().hash(a, 0, 60), a, 0, 60);
        assertThat(w.isFull()).isFalse();
        w.add(ChunkHasher.forCurrentThread().hash(b, 0, 39), b, 0, 39);
        assertThat(w.isFull()).isFalse();
        byte[] c = {2};
        w.add(ChunkHasher.forCurrentThread().hash(c, 0, 1), c, 0, 1);
        assertThat(w.isFull()).isTrue(); // 64 + 100 + 8 + 32 + 3*44 + 56 > 348
        assertThat(w.finish().packLength()).isEqualTo(64 + 100 + 8 + 32 + 3 * 44 + 56);
    }

    @Test
    void chunkLargerThanTheSegmentTargetGetsItsOwnSegment() throws IOException {
        List<byte[]> contents = TestPacks.contents(5, List.of(10, 5000, 20));
        TestPacks.Written w = TestPacks.write(TestPacks.config(100, SegmentCompression.zstd(3)), contents);
        List<SegmentRecord> segments = w.result().index().segments();
        assertThat(segments).extracting(SegmentRecord::rawLength).containsExactly(10, 5000, 20);
        PackIndexObject index = PackFormat.readIndexObject(w.result().indexObject(), "i");
        assertThat(index.body()).isEqualTo(w.result().index());
    }

    @Test
    void addHonoursOffsetAndLength() throws IOException {
        byte[] buf = "xxHELLOyy".getBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackWriter w = PackWriter.start(out, TestPacks.config(100, SegmentCompression.none()));
        ChunkId id = ChunkHasher.forCurrentThread().hash(buf, 2, 5);
        w.add(id, buf, 2, 5);
        assertThatThrownBy(() -> w.add(ChunkHasher.forCurrentThread().hash(buf, 0, 1), buf, 5, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        PackResult res = w.finish();
        byte[] bytes = out.toByteArray();
        PackReader reader = new PackReader(RangeSource.of(bytes), bytes.length, "p");
        assertThat(new String(reader.readChunk(res.index(), id))).isEqualTo("HELLO");
    }

    @Test
    void packsWrittenInReusedBuffersAreTheBytesOfPacksWrittenInFreshMemory() throws IOException {
        List<PackWriterConfig> configs = List.of(TestPacks.config(3000, SegmentCompression.zstd(3)),
                TestPacks.config(3000, SegmentCompression.zstdLong(3, 20)),
                TestPacks.config(3000, SegmentCompression.zstd(19)),
                TestPacks.config(3000, SegmentCompression.none()));
        try (PackBuffers buffers = new PackBuffers()) {
            for (int round = 0; round < 2; round++) {
                for (PackWriterConfig config : configs) {
                    // 9000 bytes: a chunk larger than the segment target, which grows and then trims the raw buffer
                    List<byte[]> contents = TestPacks.contents(round, List.of(1000, 2500, 9000, 700, 1200, 40));
                    TestPacks.Written fresh = TestPacks.write(config, contents);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    PackWriter w = PackWriter.start(out, config, TestPacks.ID, TestPacks.CREATED, buffers);
                    for (byte[] c : contents) {
                        w.add(ChunkHasher.forCurrentThread().hash(c, 0, c.length), c, 0, c.length);
                    }
                    PackResult reused = w.finish();
                    assertThat(out.toByteArray()).isEqualTo(fresh.bytes());
                    assertThat(reused.indexObject()).isEqualTo(fresh.result().indexObject());
                }
            }
            // a segment target above the buffers' first raw size: the raw buffer grows (8 -> 20 MiB) mid-segment
            PackWriterConfig big = TestPacks.config(20 << 20, SegmentCompression.zstd(1));
            List<byte[]> contents = TestPacks.contents(3, java.util.Collections.nCopies(36, 600_000));
            TestPacks.Written fresh = TestPacks.write(big, contents);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PackWriter w = PackWriter.start(out, big, TestPacks.ID, TestPacks.CREATED, buffers);
            for (byte[] c : contents) {
                w.add(ChunkHasher.forCurrentThread().hash(c, 0, c.length), c, 0, c.length);
            }
            w.finish();
            assertThat(out.toByteArray()).isEqualTo(fresh.bytes());
            assertThat(fresh.result().index().segments()).hasSize(2);
        }
    }
}
