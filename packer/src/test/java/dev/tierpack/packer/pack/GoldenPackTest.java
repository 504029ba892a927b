package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkHasher;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hand-computed pack: 3 chunks (10, 6, 20 bytes), codec none, 16-byte target segments, so segment 0 holds
 * chunks 0 and 1 (16 bytes, written when full) and segment 1 holds chunk 2 (20 bytes, alone as it is larger than
 * the target). Every number below comes from the tables of docs/FORMAT.md, not from the code's constants:
 * header 0..64, segment 0 at 64 (16 bytes), segment 1 at 80 (20 bytes), trailer at 100 of 8 + 2*32 + 3*44 = 204
 * bytes, footer at 304, length 360; index object = 80 + 204 + 32 = 316 bytes.
 */
class GoldenPackTest {
    static final byte[] A = "0123456789".getBytes(StandardCharsets.US_ASCII);
    static final byte[] B = "abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] C = "ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII);

    static byte[] pack;
    static byte[] idx;
    static ByteBuffer p;
    static ByteBuffer x;

    @BeforeAll
    static void write() throws Exception {
        TestPacks.Written w = TestPacks.write(TestPacks.config(16, SegmentCompression.none()), List.of(A, B, C));
        pack = w.bytes();
        idx = w.result().indexObject();
        p = ByteBuffer.wrap(pack).order(ByteOrder.LITTLE_ENDIAN);
        x = ByteBuffer.wrap(idx).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void lengths() {
        assertThat(pack).hasSize(360);
        assertThat(idx).hasSize(316);
    }

    @Test
    void header() {
        assertThat(ascii(pack, 0, 8)).isEqualTo("TIERPACK");
        assertThat(p.getShort(8)).isEqualTo((short) 1);
        assertThat(pack[10]).isEqualTo((byte) 1); // warm
        assertThat(pack[11]).isEqualTo((byte) 1); // data chunks
        assertThat(p.getInt(12)).isEqualTo(64);
        assertThat(HexFormat.of().formatHex(pack, 16, 32)).isEqualTo("0192f1b2c3d47a1e8b2f0123456789ab");
        assertThat(p.getLong(32)).isEqualTo(TestPacks.CREATED);
        assertThat(Arrays.copyOfRange(pack, 40, 60)).containsOnly(0);
        assertThat(Integer.toUnsignedLong(p.getInt(60))).isEqualTo(crc32c(pack, 0, 60));
    }

    @Test
    void segmentsAreTheRawChunksBackToBack() {
        assertThat(ascii(pack, 64, 80)).isEqualTo("0123456789abcdef");
        assertThat(ascii(pack, 80, 100)).isEqualTo("ABCDEFGHIJKLMNOPQRST");
    }

    @Test
    void trailer() {
        assertThat(p.getInt(100)).isEqualTo(2);
        assertThat(p.getInt(104)).isEqualTo(3);
        assertSegment(108, 64, 16, 0, 2, crc32c(pack, 64, 16));
        assertSegment(140, 80, 20, 2, 1, crc32c(pack, 80, 20));
        assertChunk(172, A, 0, 0);
        assertChunk(216, B, 0, 10);
        assertChunk(260, C, 1, 0);
    }

    @Test
    void footer() throws Exception {
        assertThat(p.getLong(304)).isEqualTo(100);
        assertThat(p.getInt(312)).isEqualTo(204);
        assertThat(p.getShort(316)).isEqualTo((short) 1);
        assertThat(p.getShort(318)).isZero();
        assertThat(Arrays.copyOfRange(pack, 320, 352)).isEqualTo(sha256(pack, 0, 320));
        assertThat(ascii(pack, 352, 360)).isEqualTo("TIERPEND");
    }

    @Test
    void indexObject() throws Exception {
        assertThat(ascii(idx, 0, 8)).isEqualTo("TIERPIDX");
        assertThat(x.getShort(8)).isEqualTo((short) 1);
        assertThat(idx[10]).isEqualTo((byte) 1);
        assertThat(idx[11]).isEqualTo((byte) 1);
        assertThat(x.getInt(12)).isZero();
        assertThat(Arrays.copyOfRange(idx, 16, 32)).isEqualTo(Arrays.copyOfRange(pack, 16, 32));
        assertThat(x.getLong(32)).isEqualTo(360);
        assertThat(Arrays.copyOfRange(idx, 40, 72)).isEqualTo(Arrays.copyOfRange(pack, 320, 352));
        assertThat(x.getLong(72)).isEqualTo(100);
        assertThat(Arrays.copyOfRange(idx, 80, 284)).isEqualTo(Arrays.copyOfRange(pack, 100, 304));
        assertThat(Arrays.copyOfRange(idx, 284, 316)).isEqualTo(sha256(idx, 0, 284));
    }

    @Test
    void inspectorDump() throws Exception {
        String dump = PackInspector.inspect(new PackReader(RangeSource.of(pack), pack.length, "p"), 2);
        assertThat(dump.lines()).containsSubsequence(
                "pack 0192f1b2c3d47a1e8b2f0123456789ab (packs/ab/0192f1b2c3d47a1e8b2f0123456789ab.pack)",
                "  totals    2 segments, 3 chunks, raw 36 bytes, stored 36 bytes, ratio 1.00",
                "segments:",
                "  segment 0  offset 64  stored 16  raw 16  ratio 1.00  chunks [0, 2)  none/0  crc32c %08x"
                        .formatted(crc32c(pack, 64, 16)),
                "  segment 1  offset 80  stored 20  raw 20  ratio 1.00  chunks [2, 3)  none/0  crc32c %08x"
                        .formatted(crc32c(pack, 80, 20)),
                "chunks (first 2 of 3):",
                "  ... 1 more");
        assertThat(dump).contains("length    360 bytes, trailer at 100 (204 bytes)");
    }

    private static void assertSegment(int at, long offset, int length, int first, int count, long crc) {
        assertThat(p.getLong(at)).as("segment offset").isEqualTo(offset);
        assertThat(p.getInt(at + 8)).as("stored length").isEqualTo(length);
        assertThat(p.getInt(at + 12)).as("raw length").isEqualTo(length);
        assertThat(p.getInt(at + 16)).as("first chunk").isEqualTo(first);
        assertThat(p.getInt(at + 20)).as("chunk count").isEqualTo(count);
        assertThat(Integer.toUnsignedLong(p.getInt(at + 24))).as("crc32c").isEqualTo(crc);
        assertThat(pack[at + 28]).as("codec none").isZero();
        assertThat(pack[at + 29]).as("level").isZero();
        assertThat(p.getShort(at + 30)).as("reserved").isZero();
    }

    private static void assertChunk(int at, byte[] content, int segment, int offset) {
        assertThat(Arrays.copyOfRange(pack, at, at + 32)).isEqualTo(ChunkHasher.forCurrentThread().hash(content, 0, content.length).bytes());
        assertThat(p.getInt(at + 32)).isEqualTo(segment);
        assertThat(p.getInt(at + 36)).isEqualTo(offset);
        assertThat(p.getInt(at + 40)).isEqualTo(content.length);
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    private static long crc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return c.getValue();
    }

    private static byte[] sha256(byte[] b, int off, int len) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(b, off, len);
        return md.digest();
    }
}
