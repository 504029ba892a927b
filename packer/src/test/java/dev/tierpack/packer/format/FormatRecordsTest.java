package dev.tierpack.packer.format;

import dev.tierpack.packer.chunk.ChunkHasher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.packer.chunk.ChunkId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatRecordsTest {
    static final PackId ID = PackId.parse("0192f1b2c3d47a1e8b2f0123456789ab");

    static ChunkId id(int n) {
        return ChunkHasher.forCurrentThread().hash(new byte[] {(byte) n, (byte) (n >> 8)}, 0, 2);
    }

    /** Two zstd segments: chunks 0,1 (10 + 20 raw) in segment 0 stored as 15; chunk 2 (7 raw) stored as 9. */
    static IndexBody body() {
        return new IndexBody(
                List.of(new SegmentRecord(64, 15, 30, 0, 2, 0x12345678, Codec.ZSTD, 3),
                        new SegmentRecord(79, 9, 7, 2, 1, 0xCAFEBABE, Codec.ZSTD, -1)),
                List.of(new ChunkRecord(id(0), 0, 0, 10), new ChunkRecord(id(1), 0, 10, 20), new ChunkRecord(id(2), 1, 0, 7)));
    }

    @Test
    void sizesMatchTheSpecTables() {
        assertThat(PackHeader.SIZE).isEqualTo(64);
        assertThat(PackHeader.CRC_OFF).isEqualTo(60);
        assertThat(SegmentRecord.SIZE).isEqualTo(32);
        assertThat(ChunkRecord.SIZE).isEqualTo(44);
        assertThat(PackFooter.SIZE).isEqualTo(56);
        assertThat(PackFooter.SHA_OFF).isEqualTo(16);
        assertThat(PackIndexObject.BODY_OFF).isEqualTo(80);
        assertThat(IndexBody.encodedSize(2, 3)).isEqualTo(8 + 64 + 132);
    }

    @Test
    void headerRoundTripAndErrors() {
        PackHeader h = new PackHeader(TierCode.COLD, ContentCode.MANIFESTS, ID, -5);
        byte[] b = h.encode();
        assertThat(PackFormat.readPackHeader(b, "p")).isEqualTo(h);

        byte[] magic = b.clone();
        magic[3] = 'X';
        assertThatThrownBy(() -> PackFormat.readPackHeader(magic, "packs/ab/x.pack")).isInstanceOf(FormatException.class)
                .hasMessage("bad pack header magic: pack=packs/ab/x.pack expected=TIERPACK found=TIEXPACK");

        byte[] length = withCrc(b, 12, (byte) 65);
        assertThatThrownBy(() -> PackHeader.decode(length, 0, "p")).isInstanceOf(FormatException.class)
                .hasMessage("bad pack header length: pack=p offset=12 length=65 expected=64");
        byte[] reserved = withCrc(b, 45, (byte) 1);
        assertThatThrownBy(() -> PackHeader.decode(reserved, 0, "p")).isInstanceOf(FormatException.class)
                .hasMessageContaining("reserved bytes not zero").hasMessageContaining("offset=40");
        byte[] tier = withCrc(b, 10, (byte) 3);
        assertThatThrownBy(() -> PackHeader.decode(tier, 0, "p")).isInstanceOf(FormatException.class)
                .hasMessage("unknown tier code: tier=3 pack=p offset=10");
        byte[] id = withCrc(b, 16 + 6, (byte) 0x40); // UUIDv4 nibble
        assertThatThrownBy(() -> PackHeader.decode(id, 0, "p")).isInstanceOf(FormatException.class)
                .hasMessage("pack id is not a UUIDv7: id=0192f1b2c3d4401e8b2f0123456789ab pack=p offset=16");
        byte[] crc = b.clone();
        crc[61] ^= 1;
        assertThatThrownBy(() -> PackHeader.decode(crc, 0, "p")).isInstanceOf(IntegrityException.class)
                .hasMessageStartingWith("pack header checksum mismatch: pack=p offset=60");
        assertThatThrownBy(() -> PackHeader.decode(Arrays.copyOf(b, 30), 0, "p")).isInstanceOf(FormatException.class)
                .hasMessage("truncated pack header: pack=p length=30 expected=64");
    }

    @Test
    void recordsRoundTrip() {
        IndexBody body = body();
        byte[] b = body.encode();
        assertThat(b).hasSize(body.encodedSize());
        assertThat(IndexBody.decode(b, 0, b.length, 1000)).isEqualTo(body);
        byte[] shifted = new byte[b.length + 7];
        System.arraycopy(b, 0, shifted, 7, b.length);
        assertThat(IndexBody.decode(shifted, 7, b.length, 0)).isEqualTo(body);
        assertThat(body.find(id(1))).get().extracting(ChunkRecord::offsetInSegment).isEqualTo(10);
        assertThat(body.find(id(3))).isEmpty();
        assertThat(body.rawBytes()).isEqualTo(37);
        assertThat(body.storedBytes()).isEqualTo(24);
        assertThat(body.segments().get(1).level()).isEqualTo(-1);
        assertThat(body.segments().get(1).crc32c()).isEqualTo(0xCAFEBABE);
    }

    @Test
    void segmentRecordValidation() {
        assertThatThrownBy(() -> new SegmentRecord(64, 5, 6, 0, 1, 0, Codec.NONE, 0)).isInstanceOf(FormatException.class)
                .hasMessageContaining("stored length = raw length");
        assertThatThrownBy(() -> new SegmentRecord(64, 5, 5, 0, 1, 0, Codec.NONE, 2)).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> new SegmentRecord(64, 5, 5, 0, 1, 0, Codec.ZSTD, 128)).isInstanceOf(FormatException.class)
                .hasMessageContaining("signed byte");
        byte[] b = body().encode();
        b[8 + 32 + 8 + 3] = (byte) 0x80; // stored length of segment 1 >= 2^31
        assertThatThrownBy(() -> IndexBody.decode(b, 0, b.length, 500)).isInstanceOf(FormatException.class)
                .hasMessage("storedLength exceeds 2^31-1: storedLength=2147483657 offset=540 segment=1");
        byte[] codec = body().encode();
        codec[8 + 28] = 7;
        assertThatThrownBy(() -> IndexBody.decode(codec, 0, codec.length, 0)).isInstanceOf(FormatException.class)
                .hasMessage("unknown codec code: codec=7 offset=8 segment=0");
        byte[] reserved = body().encode();
        reserved[8 + 31] = 1;
        assertThatThrownBy(() -> IndexBody.decode(reserved, 0, reserved.length, 0)).isInstanceOf(FormatException.class)
                .hasMessage("segment record reserved bytes not zero: offset=38 segment=0");
    }

    @Test
    void indexBodyInvariants() {
        List<SegmentRecord> segs = new ArrayList<>(body().segments());
        List<ChunkRecord> chunks = new ArrayList<>(body().chunks());

        segs.set(1, new SegmentRecord(80, 9, 7, 2, 1, 0, Codec.ZSTD, 3));
        assertInvalid(segs, chunks, "segments not contiguous: segment=1 segmentOffset=80 expected=79");
        segs.set(1, new SegmentRecord(79, 9, 7, 1, 1, 0, Codec.ZSTD, 3));
        assertInvalid(segs, chunks, "segment chunk range does not follow the previous one");
        segs.set(1, new SegmentRecord(79, 9, 7, 2, 2, 0, Codec.ZSTD, 3));
        assertInvalid(segs, chunks, "segment chunk range does not follow the previous one");
        segs.set(1, body().segments().get(1));

        chunks.set(1, new ChunkRecord(id(1), 0, 11, 19));
        assertInvalid(segs, chunks, "chunk record does not tile its segment: chunk=" + id(1).toHex() + " chunkIndex=1");
        chunks.set(1, new ChunkRecord(id(1), 1, 10, 20));
        assertInvalid(segs, chunks, "chunk record does not tile its segment");
        chunks.set(1, new ChunkRecord(id(1), 0, 10, 21));
        assertInvalid(segs, chunks, "segment raw length is not the sum of its chunks: segment=0 rawLength=30 sum=31");
        chunks.set(1, new ChunkRecord(id(0), 0, 10, 20));
        assertInvalid(segs, chunks, "duplicate chunk id in pack: chunk=" + id(0).toHex() + " chunkIndex=1 firstIndex=0");
        chunks.set(1, body().chunks().get(1));

        chunks.add(new ChunkRecord(id(9), 1, 7, 0));
        assertInvalid(segs, chunks, "chunk records not covered by segments: chunkIndex=3 chunks=4");
    }

    @Test
    void decodedInvariantErrorsCarryTheRecordOffset() {
        IndexBody body = body();
        byte[] b = body.encode();
        int chunk1 = 8 + 2 * 32 + 44;
        System.arraycopy(id(0).bytes(), 0, b, chunk1, 32); // duplicate id in chunk record 1
        assertThatThrownBy(() -> IndexBody.decode(b, 0, b.length, 100))
                .isInstanceOfSatisfying(FormatException.class, e -> {
                    assertThat(e.what()).isEqualTo("duplicate chunk id in pack");
                    assertThat(e.get("offset")).isEqualTo(100L + chunk1);
                    assertThat(e.get("chunk")).isEqualTo(id(0));
                });
        assertThatThrownBy(() -> IndexBody.decode(b, 0, b.length - 1, 0)).isInstanceOf(FormatException.class)
                .hasMessage("index body length does not match its counts: offset=0 segments=2 chunks=3 length=203 expected=204");
    }

    @Test
    void placement() {
        body().checkPlacement(88);
        assertThatThrownBy(() -> body().checkPlacement(89)).isInstanceOf(FormatException.class)
                .hasMessage("segments do not end at the trailer: segmentsEnd=88 trailerOffset=89");
        IndexBody late = new IndexBody(List.of(new SegmentRecord(65, 1, 1, 0, 1, 0, Codec.NONE, 0)),
                List.of(new ChunkRecord(id(0), 0, 0, 1)));
        assertThatThrownBy(() -> late.checkPlacement(66)).isInstanceOf(FormatException.class)
                .hasMessageContaining("first segment does not start after the header");
        new IndexBody(List.of(), List.of()).checkPlacement(64);
    }

    @Test
    void footerRoundTripAndErrors() {
        byte[] sha = new byte[32];
        sha[0] = 7;
        PackFooter f = new PackFooter(88, 204, sha);
        byte[] b = f.encode();
        assertThat(PackFormat.readFooter(b, 0, "p", 292)).isEqualTo(f);
        assertThat(f.packLength()).isEqualTo(348);
        assertThatThrownBy(() -> PackFormat.readFooter(b, 0, "p", 300)).isInstanceOf(FormatException.class)
                .hasMessage("pack footer's trailer does not end at the footer: pack=p offset=300 trailerOffset=88 trailerLength=204");
        byte[] reserved = b.clone();
        reserved[15] = 1;
        assertThatThrownBy(() -> PackFormat.readFooter(reserved, 0, "p", 292)).isInstanceOf(FormatException.class)
                .hasMessage("pack footer reserved bytes not zero: pack=p offset=306");
        byte[] low = b.clone();
        low[0] = 10;
        assertThatThrownBy(() -> PackFormat.readFooter(low, 0, "p", 292)).isInstanceOf(FormatException.class)
                .hasMessageContaining("pack footer points outside the pack body").hasMessageContaining("pack=p");
    }

    @Test
    void indexObjectRoundTripAndInvariants() {
        IndexBody body = body();
        byte[] sha = new byte[32];
        PackIndexObject x = new PackIndexObject(TierCode.COLD, ContentCode.DATA, ID, 88 + 204 + 56, sha, 88, body);
        byte[] b = x.encode();
        assertThat(b).hasSize(80 + 204 + 32);
        assertThat(PackFormat.readIndexObject(b, "i")).isEqualTo(x);
        assertThat(x.footer().packLength()).isEqualTo(x.packLength());

        assertThatThrownBy(() -> new PackIndexObject(TierCode.COLD, ContentCode.DATA, ID, 349, sha, 88, body))
                .isInstanceOf(FormatException.class)
                .hasMessage("pack length does not match trailer offset and index body: pack=" + ID.hex()
                        + " packLength=349 expected=348");
        assertThatThrownBy(() -> new PackIndexObject(TierCode.COLD, ContentCode.DATA, ID, 349, sha, 89, body))
                .isInstanceOf(FormatException.class).hasMessageContaining("segments do not end at the trailer");

        // a body invariant broken under a valid object checksum: a format error naming object, pack and offset
        byte[] bad = b.clone();
        bad[80 + 8 + 32 + 16] = 1; // segment 1 first chunk = 1
        System.arraycopy(Checksums.sha256(bad, 0, bad.length - 32), 0, bad, bad.length - 32, 32);
        assertThatThrownBy(() -> PackFormat.readIndexObject(bad, "index/ab/x.idx"))
                .isInstanceOfSatisfying(FormatException.class, e -> {
                    assertThat(e.what()).isEqualTo("segment chunk range does not follow the previous one");
                    assertThat(e.get("object")).isEqualTo("index/ab/x.idx");
                    assertThat(e.get("pack")).isEqualTo(ID);
                    assertThat(e.get("offset")).isEqualTo(80L + 8 + 32);
                });
    }

    private static void assertInvalid(List<SegmentRecord> segs, List<ChunkRecord> chunks, String message) {
        assertThatThrownBy(() -> new IndexBody(segs, chunks)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith(message);
    }

    private static byte[] withCrc(byte[] header, int at, byte value) {
        byte[] b = header.clone();
        b[at] = value;
        int crc = Checksums.crc32c(b, 0, 60);
        for (int i = 0; i < 4; i++) {
            b[60 + i] = (byte) (crc >>> (8 * i));
        }
        return b;
    }
}
