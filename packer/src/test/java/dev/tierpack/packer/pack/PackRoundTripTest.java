package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkHasher;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackRoundTripTest {

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        // uniform over 0..300 KiB (jqwik's default biases towards small values), plus the edge sizes
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 300 * 1024).withDistribution(RandomDistribution.uniform())),
                Tuple.of(1, Arbitraries.of(0, 1, 300 * 1024)));
        return size.list().ofMinSize(1).ofMaxSize(10).withSizeDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<Integer> segmentSizes() {
        // from one segment per chunk (or less) to all chunks in one segment
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 16 * 1024),
                Arbitraries.integers().between(16 * 1024, 512 * 1024).withDistribution(RandomDistribution.uniform()));
    }

    @Property(tries = 40)
    void everyChunkReadsBackByteIdentical(
            @ForAll("chunkSizes") List<Integer> sizes,
            @ForAll("segmentSizes") int segmentSize,
            @ForAll @IntRange(min = 1, max = 19) int level,
            @ForAll long seed) throws IOException {
        List<byte[]> contents = TestPacks.contents(seed, sizes);
        TestPacks.Written w = TestPacks.write(TestPacks.config(segmentSize, SegmentCompression.zstd(level)), contents);
        byte[] bytes = w.bytes();
        PackResult result = w.result();

        assertThat(result.packLength()).isEqualTo(bytes.length);
        PackReader reader = new PackReader(RangeSource.of(bytes), bytes.length, w.name());
        assertThat(reader.readHeader()).isEqualTo(result.header());
        PackTail tail = reader.readFooterAndTrailer();
        assertThat(tail.matches(result)).isTrue();
        for (Map.Entry<ChunkId, byte[]> e : w.chunks().entrySet()) {
            assertThat(reader.readChunk(tail.index(), e.getKey())).isEqualTo(e.getValue());
        }
        assertThat(tail.index().chunks()).hasSize(contents.size());
        for (SegmentRecord s : tail.index().segments()) {
            assertThat(s.level()).isEqualTo(s.codec() == Codec.ZSTD ? level : 0);
        }

        PackIndexObject index = PackFormat.readIndexObject(result.indexObject(), result.header().packId().indexKey());
        assertThat(index.body()).isEqualTo(tail.index());
        assertThat(index.footer()).isEqualTo(tail.footer());
        assertThat(index.packLength()).isEqualTo(bytes.length);
        assertThat(index.encode()).isEqualTo(result.indexObject());

        VerifyResult verified = PackVerifier.verify(new ByteArrayInputStream(bytes), index, w.name());
        assertThat(verified.problems()).isEmpty();
        assertThat(verified.chunksVerified()).isEqualTo(contents.size());
        assertThat(verified.bytesRead()).isEqualTo(bytes.length);

        String dump = PackInspector.inspect(reader, 5);
        for (int i = 0; i < tail.index().segments().size(); i++) {
            SegmentRecord s = tail.index().segments().get(i);
            assertThat(dump).contains("segment " + i + "  offset " + s.offset() + "  stored " + s.storedLength());
        }
        assertThat(dump).contains(result.header().packId().hex(), "chunks (first " + Math.min(5, contents.size()));
    }

    @Property(tries = 40)
    void chunksWrittenThroughTheStoredSegmentReadBackByteIdentical(
            @ForAll("chunkSizes") List<Integer> sizes,
            @ForAll("segmentSizes") int segmentSize,
            @ForAll long routing,
            @ForAll long seed) throws IOException {
        List<byte[]> contents = TestPacks.contents(seed, sizes);
        java.util.function.IntPredicate compressible = i -> (routing >>> (i % 64) & 1) == 0;
        TestPacks.Written w = TestPacks.write(TestPacks.config(segmentSize, SegmentCompression.zstd(3)), contents,
                compressible);
        byte[] bytes = w.bytes();
        PackReader reader = new PackReader(RangeSource.of(bytes), bytes.length, w.name());
        PackTail tail = reader.readFooterAndTrailer(); // checks contiguity and the records' tiling
        assertThat(tail.matches(w.result())).isTrue();
        for (Map.Entry<ChunkId, byte[]> e : w.chunks().entrySet()) {
            assertThat(reader.readChunk(tail.index(), e.getKey())).isEqualTo(e.getValue());
        }
        List<ChunkId> order = List.copyOf(w.chunks().keySet());
        for (int i = 0; i < order.size(); i++) {
            SegmentRecord s = tail.index().segments().get(tail.index().find(order.get(i)).orElseThrow().segment());
            if (!compressible.test(i)) {
                assertThat(s.codec()).isEqualTo(Codec.NONE); // never compressed
            }
        }
        PackIndexObject index = PackFormat.readIndexObject(w.result().indexObject(), w.result().header().packId().indexKey());
        VerifyResult verified = PackVerifier.verify(new ByteArrayInputStream(bytes), index, w.name());
        assertThat(verified.problems()).isEmpty();
        assertThat(verified.chunksVerified()).isEqualTo(contents.size());
    }

    @Test
    void incompressibleChunksLeaveTheWriterAtOnceAndCompressibleOnesWaitForTheirSegment() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PackWriter w = PackWriter.start(out, TestPacks.config(1 << 20, SegmentCompression.zstd(3)));
        List<byte[]> contents = TestPacks.contents(5, List.of(20_000, 30_000, 40_000, 50_000));
        ChunkHasher h = ChunkHasher.forCurrentThread();
        w.add(h.hash(contents.get(0), 0, 20_000), contents.get(0), 0, 20_000);
        w.addIncompressible(h.hash(contents.get(1), 0, 30_000), contents.get(1), 0, 30_000);
        assertThat(out.size()).isEqualTo(64 + 30_000); // header + the stored chunk; the text chunk is pending
        assertThat(w.pendingRawBytes()).isEqualTo(20_000);
        w.add(h.hash(contents.get(2), 0, 40_000), contents.get(2), 0, 40_000);
        w.addIncompressible(h.hash(contents.get(3), 0, 50_000), contents.get(3), 0, 50_000);
        assertThat(out.size()).isEqualTo(64 + 30_000 + 50_000);
        PackResult res = w.finish();
        List<SegmentRecord> segments = res.index().segments();
        assertThat(segments).extracting(SegmentRecord::codec).containsExactly(Codec.NONE, Codec.ZSTD);
        assertThat(segments.get(0).offset()).isEqualTo(64);
        assertThat(segments.get(0).rawLength()).isEqualTo(80_000);
        assertThat(segments.get(1).rawLength()).isEqualTo(60_000);
        assertThat(segments.get(1).storedLength()).isLessThan(30_000);
    }

    @Test
    void withLongDistanceMatchingIncompressibleChunksStayInTheCompressedSegment() throws IOException {
        // cold: zstd's long window still finds repeats between already compressed files, so no stored segment
        List<byte[]> contents = TestPacks.contents(9, List.of(50_000, 60_000, 70_000));
        TestPacks.Written w = TestPacks.write(TestPacks.config(1 << 20, SegmentCompression.zstdLong(3, 24)), contents,
                i -> i != 1);
        assertThat(w.result().index().segments()).hasSize(1).allSatisfy(s -> assertThat(s.codec()).isEqualTo(Codec.ZSTD));
        PackReader reader = new PackReader(RangeSource.of(w.bytes()), w.bytes().length, w.name());
        for (Map.Entry<ChunkId, byte[]> e : w.chunks().entrySet()) {
            assertThat(reader.readChunk(w.result().index(), e.getKey())).isEqualTo(e.getValue());
        }
    }

    @Test
    void compressibleSegmentsUseZstdAndRandomOnesAreStored() throws IOException {
        // contents alternate text-like (compressible) and random; one chunk per segment
        List<byte[]> contents = TestPacks.contents(7, List.of(100_000, 100_000, 100_000, 100_000));
        TestPacks.Written w = TestPacks.write(TestPacks.config(50_000, SegmentCompression.zstd(3)), contents);
        List<SegmentRecord> segments = w.result().index().segments();
        assertThat(segments).extracting(SegmentRecord::codec)
                .containsExactly(Codec.ZSTD, Codec.NONE, Codec.ZSTD, Codec.NONE);
        assertThat(segments.get(0).storedLength()).isLessThan(segments.get(0).rawLength() / 2);
        assertThat(segments.get(1).storedLength()).isEqualTo(segments.get(1).rawLength());
    }

    @Test
    void longDistanceMatchingRoundTrips() throws IOException {
        byte[] block = TestPacks.contents(3, List.of(1, 300_000)).get(1);
        byte[] twice = new byte[2 * block.length + 5];
        System.arraycopy(block, 0, twice, 0, block.length);
        System.arraycopy(block, 0, twice, block.length + 5, block.length);
        TestPacks.Written w = TestPacks.write(
                TestPacks.config(1 << 20, SegmentCompression.zstdLong(3, 24)), List.of(twice));
        SegmentRecord s = w.result().index().segments().getFirst();
        assertThat(s.codec()).isEqualTo(Codec.ZSTD);
        assertThat(s.storedLength()).isLessThan(block.length + 1000); // the repeat is found
        PackReader reader = new PackReader(RangeSource.of(w.bytes()), w.bytes().length, w.name());
        assertThat(reader.readChunk(w.result().index(), ChunkHasher.forCurrentThread().hash(twice, 0, twice.length))).isEqualTo(twice);
    }

    @Test
    void readsFromAFileWithTwoRangeReadsForTheTailAndOneForASegment(@TempDir Path dir) throws IOException {
        List<byte[]> contents = TestPacks.contents(11, List.of(5000, 7000, 9000, 11000, 13000));
        TestPacks.Written w = TestPacks.write(TestPacks.config(12_000, SegmentCompression.zstd(5)), contents);
        Path file = dir.resolve("p.pack");
        Files.write(file, w.bytes());
        List<long[]> ranges = new java.util.ArrayList<>();
        RangeSource counting = (off, len) -> {
            ranges.add(new long[] {off, len});
            return RangeSource.of(file).open(off, len);
        };
        PackReader reader = new PackReader(counting, Files.size(file), w.name());
        PackTail tail = reader.readFooterAndTrailer();
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0)).containsExactly(w.bytes().length - 56L, 56L);
        assertThat(ranges.get(1)).containsExactly(tail.footer().trailerOffset(), (long) tail.footer().trailerLength());

        ranges.clear();
        ChunkId last = List.copyOf(w.chunks().keySet()).getLast();
        assertThat(reader.readChunk(tail.index(), last)).isEqualTo(w.chunks().get(last));
        SegmentRecord seg = tail.index().segments().get(tail.index().find(last).orElseThrow().segment());
        assertThat(ranges).hasSize(1);
        assertThat(ranges.getFirst()).containsExactly(seg.offset(), (long) seg.storedLength());
    }

    @Test
    void emptyPackIsValid() throws IOException {
        TestPacks.Written w = TestPacks.write(TestPacks.config(1024, SegmentCompression.zstd(3)), List.of());
        assertThat(w.bytes()).hasSize(64 + 8 + 56);
        PackReader reader = new PackReader(RangeSource.of(w.bytes()), w.bytes().length, w.name());
        assertThat(reader.readFooterAndTrailer().index().chunks()).isEmpty();
        PackIndexObject index = PackFormat.readIndexObject(w.result().indexObject(), "idx");
        assertThat(PackVerifier.verify(new ByteArrayInputStream(w.bytes()), index, w.name()).ok()).isTrue();
    }
}
