package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkHasher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;
import dev.tierpack.packer.pack.VerifyResult.BadChunk;
import dev.tierpack.packer.pack.VerifyResult.BadFooter;
import dev.tierpack.packer.pack.VerifyResult.BadHeader;
import dev.tierpack.packer.pack.VerifyResult.BadIndexObject;
import dev.tierpack.packer.pack.VerifyResult.BadSegment;
import dev.tierpack.packer.pack.VerifyResult.ChecksumMismatch;
import dev.tierpack.packer.pack.VerifyResult.LengthMismatch;
import dev.tierpack.packer.pack.VerifyResult.TrailerMismatch;
import dev.tierpack.packer.pack.VerifyResult.Truncated;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One flipped byte per region of a pack or index object is found, reported with the pack and what it affects. */
class PackCorruptionTest {
    static TestPacks.Written w;
    static PackIndexObject index;
    static String name;
    static byte[] good;

    @BeforeAll
    static void write() throws IOException {
        // 6 chunks of 40 KB in 3 segments of 2 chunks; segment 1 holds chunks 2 (text) and 3 (random)
        List<byte[]> contents = TestPacks.contents(42, List.of(40_000, 40_000, 40_000, 40_000, 40_000, 40_000));
        w = TestPacks.write(TestPacks.config(80_000, SegmentCompression.zstd(6)), contents);
        good = w.bytes();
        index = PackFormat.readIndexObject(w.result().indexObject(), "index/ab/x.idx");
        name = w.name();
        assertThat(index.body().segments()).hasSize(3);
        assertThat(index.body().segments().get(1).codec()).isEqualTo(Codec.ZSTD);
    }

    @Test
    void intactPackVerifies() throws IOException {
        VerifyResult r = verify(good);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.chunksVerified()).isEqualTo(6);
        assertThat(r.toString()).contains(name, "ok");
    }

    @Test
    void flippedHeaderByte() throws IOException {
        VerifyResult r = verify(flip(good, 20));
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).isInstanceOfSatisfying(BadHeader.class,
                p -> assertThat(p.reason()).contains("pack header checksum mismatch", "pack=" + name, "offset=60"));
        assertThat(r.problems().get(1)).isInstanceOfSatisfying(ChecksumMismatch.class,
                p -> assertThat(p.recordedIn()).isEqualTo("pack footer"));
        assertThat(r.lines()).allSatisfy(l -> assertThat(l).startsWith("object=" + name + ": "));
        assertThat(r.chunksVerified()).isEqualTo(6);
    }

    @Test
    void flippedSegmentByteNamesTheSegmentAndItsChunks() throws IOException {
        SegmentRecord s1 = index.body().segments().get(1);
        VerifyResult r = verify(flip(good, s1.offset() + s1.storedLength() / 2));
        List<ChunkId> inSegment = index.body().chunksOf(1).stream().map(ChunkRecord::id).toList();
        assertThat(inSegment).hasSize(2);
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).isInstanceOfSatisfying(BadSegment.class, p -> {
            assertThat(p.segment()).isEqualTo(1);
            assertThat(p.offset()).isEqualTo(s1.offset());
            assertThat(p.chunks()).containsExactlyElementsOf(inSegment);
            assertThat(p.reason()).contains("CRC32C");
        });
        assertThat(r.problems().get(1)).isInstanceOf(ChecksumMismatch.class);
        assertThat(r.lines().getFirst()).contains(name, "segment 1", inSegment.get(0).toHex(), inSegment.get(1).toHex());
        assertThat(r.chunksVerified()).isEqualTo(4); // the other two segments are still checked

        PackReader reader = new PackReader(RangeSource.of(flip(good, s1.offset() + 3)), good.length, name);
        assertThatThrownBy(() -> reader.readChunk(index.body(), inSegment.get(1)))
                .isInstanceOfSatisfying(IntegrityException.class, e -> {
                    assertThat(e.getMessage()).startsWith("segment checksum mismatch").contains("pack=" + name);
                    assertThat(e.get("segment")).isEqualTo(1);
                    assertThat(e.get("chunk")).isEqualTo(inSegment.get(1));
                    assertThat(e.get("offset")).isEqualTo(s1.offset());
                });
    }

    @Test
    void chunkWhoseBytesDoNotMatchItsIdIsNamed() throws IOException {
        byte[] content = "some bytes".getBytes();
        ChunkId wrong = ChunkHasher.forCurrentThread().hash(new byte[] {1}, 0, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackWriter writer = PackWriter.start(out, TestPacks.config(1024, SegmentCompression.none()));
        writer.add(wrong, content, 0, content.length);
        PackResult res = writer.finish();
        PackIndexObject idx = PackFormat.readIndexObject(res.indexObject(), "i");
        VerifyResult r = PackVerifier.verify(new ByteArrayInputStream(out.toByteArray()), idx, "p");
        assertThat(r.problems()).singleElement().isInstanceOfSatisfying(BadChunk.class, p -> {
            assertThat(p.chunk()).isEqualTo(wrong);
            assertThat(p.segment()).isZero();
        });
        PackReader reader = new PackReader(RangeSource.of(out.toByteArray()), res.packLength(), "p");
        assertThatThrownBy(() -> reader.readChunk(idx.body(), wrong)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("chunk content does not match its id").hasMessageContaining("chunk=" + wrong.toHex());
    }

    @Test
    void flippedTrailerByte() throws IOException {
        long at = index.trailerOffset() + 8 + 32 + 5; // inside segment record 1
        VerifyResult r = verify(flip(good, at));
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).isInstanceOfSatisfying(TrailerMismatch.class,
                p -> assertThat(p.offset()).isEqualTo(at));
        assertThat(r.problems().get(1)).isInstanceOf(ChecksumMismatch.class);
        assertThat(r.chunksVerified()).isEqualTo(6);
    }

    @Test
    void flippedFooterChecksumByte() throws IOException {
        VerifyResult r = verify(flip(good, good.length - 56 + 16 + 7));
        assertThat(r.problems()).singleElement().isInstanceOfSatisfying(ChecksumMismatch.class, p -> {
            assertThat(p.recordedIn()).isEqualTo("pack footer");
            assertThat(p.actual()).isEqualTo(w.result().footer().sha256Hex());
        });
        assertThat(r.lines().getFirst()).contains(name, "pack checksum mismatch");
    }

    @Test
    void flippedFooterMagic() throws IOException {
        byte[] bad = flip(good, good.length - 3);
        VerifyResult r = verify(bad);
        assertThat(r.problems()).singleElement().isInstanceOfSatisfying(BadFooter.class,
                p -> assertThat(p.reason()).contains("bad pack footer magic", "pack=" + name, "expected=TIERPEND"));
        PackReader reader = new PackReader(RangeSource.of(bad), bad.length, name);
        assertThatThrownBy(reader::readFooterAndTrailer).isInstanceOf(FormatException.class)
                .hasMessageContaining("bad pack footer magic").hasMessageContaining("pack=" + name)
                .hasMessageContaining("offset=" + (bad.length - 8));
    }

    @Test
    void truncatedPack() throws IOException {
        SegmentRecord s2 = index.body().segments().get(2);
        int cut = (int) s2.offset() + 10;
        VerifyResult r = verify(Arrays.copyOf(good, cut));
        assertThat(r.problems()).singleElement().isInstanceOfSatisfying(Truncated.class, p -> {
            assertThat(p.offset()).isEqualTo(cut);
            assertThat(p.reading()).isEqualTo("segment 2");
        });
        assertThat(r.lines().getFirst()).isEqualTo("object=" + name + ": truncated at offset " + cut + " while reading segment 2");

        PackReader reader = new PackReader(RangeSource.of(Arrays.copyOf(good, cut)), good.length, name);
        assertThatThrownBy(reader::readFooterAndTrailer).isInstanceOf(FormatException.class)
                .hasMessageContaining("truncated pack").hasMessageContaining("pack=" + name);
    }

    @Test
    void emptyPackObject() throws IOException {
        VerifyResult r = verify(new byte[0]);
        assertThat(r.problems()).singleElement().isInstanceOfSatisfying(Truncated.class,
                p -> assertThat(p.offset()).isZero());
        assertThat(r.lines().getFirst()).contains(name, "empty object");
        assertThatThrownBy(() -> new PackReader(RangeSource.of(new byte[0]), 0, name).readFooterAndTrailer())
                .isInstanceOf(FormatException.class).hasMessageStartingWith("empty pack").hasMessageContaining(name);
    }

    @Test
    void trailingBytesAreALengthMismatch() throws IOException {
        VerifyResult r = verify(Arrays.copyOf(good, good.length + 3));
        assertThat(r.problems()).singleElement().isEqualTo(new LengthMismatch(good.length, good.length + 3));
    }

    @Test
    void packWithAnotherIdentityIsReported() throws IOException {
        TestPacks.Written other = TestPacks.write(TestPacks.config(1024, SegmentCompression.none()),
                List.of("x".getBytes()));
        VerifyResult r = PackVerifier.verify(new ByteArrayInputStream(other.bytes()), index, name);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).hasAtLeastOneElementOfType(Truncated.class);
    }

    @Test
    void flippedIndexObjectByte() {
        byte[] idx = w.result().indexObject();
        for (int at : new int[] {20, 100, idx.length - 1}) {
            byte[] bad = flip(idx, at);
            VerifyResult r = PackVerifier.verifyIndexObject(bad, "index/ab/x.idx");
            assertThat(r.problems()).singleElement().isInstanceOfSatisfying(BadIndexObject.class,
                    p -> assertThat(p.reason()).contains("pack index object checksum mismatch", "object=index/ab/x.idx"));
            assertThatThrownBy(() -> PackFormat.readIndexObject(bad, "index/ab/x.idx"))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("object=index/ab/x.idx");
        }
        assertThat(PackVerifier.verifyIndexObject(idx, "i").ok()).isTrue();
    }

    @Test
    void emptyIndexObject() {
        VerifyResult r = PackVerifier.verifyIndexObject(new byte[0], "index/ab/x.idx");
        assertThat(r.lines()).singleElement().asString()
                .contains("bad pack index object: empty pack index object", "object=index/ab/x.idx");
        assertThatThrownBy(() -> PackFormat.readIndexObject(new byte[0], "index/ab/x.idx"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("empty pack index object");
    }

    @Test
    void unknownVersions() {
        byte[] idx = w.result().indexObject();
        idx[8] = 2;
        assertThatThrownBy(() -> PackFormat.readIndexObject(idx, "index/ab/x.idx"))
                .isInstanceOfSatisfying(UnsupportedFormatVersionException.class, e -> {
                    assertThat(e.version()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("unsupported pack index format version", "object=index/ab/x.idx", "version=2");
                });
        assertThat(PackVerifier.verifyIndexObject(idx, "index/ab/x.idx").lines()).singleElement().asString()
                .contains("unsupported pack index format version");

        byte[] pack = good.clone();
        pack[8] = 9;
        assertThatThrownBy(() -> PackFormat.readPackHeader(pack, name))
                .isInstanceOfSatisfying(UnsupportedFormatVersionException.class, e -> {
                    assertThat(e.version()).isEqualTo(9);
                    assertThat(e.getMessage()).contains("pack=" + name, "offset=8");
                });
        byte[] tail = good.clone();
        tail[good.length - 56 + 12] = 3;
        PackReader reader = new PackReader(RangeSource.of(tail), tail.length, name);
        assertThatThrownBy(reader::readFooterAndTrailer)
                .isInstanceOfSatisfying(UnsupportedFormatVersionException.class,
                        e -> assertThat(e.getMessage()).contains("pack=" + name, "version=3"));
    }

    private static VerifyResult verify(byte[] bytes) throws IOException {
        return PackVerifier.verify(new ByteArrayInputStream(bytes), index, name);
    }

    private static byte[] flip(byte[] b, long at) {
        byte[] c = b.clone();
        c[(int) at] ^= 0x5A;
        return c;
    }
}
