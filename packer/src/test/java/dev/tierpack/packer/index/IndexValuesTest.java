package dev.tierpack.packer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Positive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/** The fixed-size values of the chunk index (FORMAT.md 7): round trips, layout, version and field checks. */
class IndexValuesTest {

    @Provide
    Arbitrary<ChunkLocation> locations() {
        Arbitrary<PackId> ids = Arbitraries.longs().between(0, (1L << 48) - 1).flatMap(ms ->
                Arbitraries.longs().map(seed -> PackId.generate(ms, new Random(seed))));
        Arbitrary<int[]> segment = Arbitraries.integers().between(0, Integer.MAX_VALUE).flatMap(raw ->
                Arbitraries.integers().between(0, raw).flatMap(chunkOffset ->
                        Arbitraries.integers().between(0, raw - chunkOffset).flatMap(chunkLength ->
                                Arbitraries.integers().between(0, Integer.MAX_VALUE).map(stored ->
                                        new int[] {raw, chunkOffset, chunkLength, stored}))));
        return Combinators.combine(ids, Arbitraries.of(TierCode.class), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.longs().between(64, Long.MAX_VALUE - Integer.MAX_VALUE), segment, Arbitraries.integers(),
                Arbitraries.of(Codec.class)).as((id, tier, index, offset, s, crc, codec) ->
                        new ChunkLocation(id, tier, index, offset, codec == Codec.NONE ? s[0] : s[3], s[0], crc, codec,
                                s[1], s[2]));
    }

    @Property(tries = 300)
    void locationsRoundTripThroughTheirFixedSizeValue(@ForAll("locations") ChunkLocation at) {
        byte[] value = at.encode();
        assertThat(value).hasSize(ChunkLocation.SIZE).hasSize(51);
        assertThat(value[0]).isEqualTo((byte) ChunkLocation.VERSION);
        assertThat(ChunkLocation.decode(value)).isEqualTo(at);
    }

    @Property(tries = 100)
    void anUnknownValueVersionIsRejectedWhateverTheLength(
            @ForAll("locations") ChunkLocation at, @ForAll @IntRange(min = 0, max = 255) int version,
            @ForAll @IntRange(min = 1, max = 80) int length) {
        if (version == ChunkLocation.VERSION) {
            version = 0;
        }
        byte[] value = Arrays.copyOf(at.encode(), length);
        value[0] = (byte) version;
        int v = version;
        assertThatThrownBy(() -> ChunkLocation.decode(value))
                .isInstanceOfSatisfying(UnsupportedFormatVersionException.class, e -> assertThat(e.version()).isEqualTo(v))
                .hasMessageContaining("unsupported chunk location format version")
                .hasMessageContaining("version=" + v);
    }

    @Test
    void theLayoutIsLittleEndianAtTheDocumentedOffsets() {
        PackId id = PackId.parse("0192f1b2c3d47a1e8b2f0123456789ab");
        ChunkLocation at = new ChunkLocation(id, TierCode.COLD, 3, 0x0102030405L, 0x1000, 0x2000, 0xCAFEBABE, Codec.ZSTD,
                0x10, 0x20);
        byte[] v = at.encode();
        assertThat(Arrays.copyOfRange(v, 0, 3)).containsExactly(1, 2, 1);
        assertThat(Arrays.copyOfRange(v, 3, 19)).isEqualTo(id.bytes());
        assertThat(Arrays.copyOfRange(v, 19, 23)).containsExactly(3, 0, 0, 0);
        assertThat(Arrays.copyOfRange(v, 23, 31)).containsExactly(5, 4, 3, 2, 1, 0, 0, 0);
        assertThat(Arrays.copyOfRange(v, 31, 35)).containsExactly(0, 0x10, 0, 0);
        assertThat(Arrays.copyOfRange(v, 35, 39)).containsExactly(0, 0x20, 0, 0);
        assertThat(Arrays.copyOfRange(v, 39, 43)).containsExactly(0xBE, 0xBA, 0xFE, 0xCA);
        assertThat(Arrays.copyOfRange(v, 43, 47)).containsExactly(0x10, 0, 0, 0);
        assertThat(Arrays.copyOfRange(v, 47, 51)).containsExactly(0x20, 0, 0, 0);
    }

    @Test
    void badValuesAreFormatErrorsNamingTheProblem() {
        byte[] good = new ChunkLocation(IndexFixtures.packId(1), TierCode.WARM, 0, 64, 100, 200, 0, Codec.ZSTD, 0, 200)
                .encode();
        assertThatThrownBy(() -> ChunkLocation.decode(Arrays.copyOf(good, 50)))
                .isInstanceOf(FormatException.class).hasMessageContaining("chunk location has the wrong length")
                .hasMessageContaining("length=50").hasMessageContaining("expected=51");
        assertThatThrownBy(() -> ChunkLocation.decode(new byte[0]))
                .isInstanceOf(FormatException.class).hasMessageContaining("empty chunk location");
        byte[] codec = good.clone();
        codec[ChunkLocation.CODEC_OFF] = 7;
        assertThatThrownBy(() -> ChunkLocation.decode(codec)).isInstanceOf(FormatException.class)
                .hasMessageContaining("unknown codec code").hasMessageContaining("codec=7");
        byte[] tier = good.clone();
        tier[ChunkLocation.TIER_OFF] = 0;
        assertThatThrownBy(() -> ChunkLocation.decode(tier)).isInstanceOf(FormatException.class)
                .hasMessageContaining("unknown tier code");
        byte[] pack = good.clone();
        pack[ChunkLocation.PACK_ID_OFF + 6] = 0x40; // UUID version 4, not 7
        assertThatThrownBy(() -> ChunkLocation.decode(pack)).isInstanceOf(FormatException.class)
                .hasMessageContaining("pack id is not a UUIDv7");
        byte[] beyond = good.clone();
        beyond[ChunkLocation.CHUNK_LENGTH_OFF] = (byte) 201; // chunk ends past the segment's 200 raw bytes
        assertThatThrownBy(() -> ChunkLocation.decode(beyond)).isInstanceOf(FormatException.class)
                .hasMessageContaining("chunk location out of range").hasMessageContaining("chunkLength=201");
        byte[] negative = good.clone();
        negative[ChunkLocation.STORED_LENGTH_OFF + 3] = (byte) 0x80; // 2^31 + 100 does not fit
        assertThatThrownBy(() -> ChunkLocation.decode(negative)).isInstanceOf(FormatException.class)
                .hasMessageContaining("chunk location out of range");
    }

    @Test
    void theConstructorEnforcesThePackFormatLimits() {
        PackId id = IndexFixtures.packId(1);
        assertThatThrownBy(() -> new ChunkLocation(id, TierCode.WARM, 0, 63, 10, 10, 0, Codec.NONE, 0, 10))
                .isInstanceOf(FormatException.class).hasMessageContaining("segmentOffset=63");
        assertThatThrownBy(() -> new ChunkLocation(id, TierCode.WARM, 0, 64, 9, 10, 0, Codec.NONE, 0, 10))
                .isInstanceOf(FormatException.class).hasMessageContaining("stored length = raw length");
        assertThatThrownBy(() -> new ChunkLocation(id, TierCode.WARM, -1, 64, 9, 10, 0, Codec.ZSTD, 0, 10))
                .isInstanceOf(FormatException.class).hasMessageContaining("segment=-1");
        assertThatThrownBy(() -> new ChunkLocation(id, null, 0, 64, 9, 10, 0, Codec.ZSTD, 0, 10))
                .isInstanceOf(FormatException.class);
        assertThat(new ChunkLocation(id, TierCode.WARM, 0, 64, 9, 10, 0, Codec.ZSTD, 10, 0).chunkEnd()).isEqualTo(10);
    }

    @Provide
    Arbitrary<PublishedPack> publishedPacks() {
        Arbitrary<PackId> ids = Arbitraries.longs().map(seed -> PackId.generate(Math.floorMod(seed, 1L << 48), new Random(seed)));
        Arbitrary<byte[]> sha = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<Long> length = Arbitraries.longs().between(0, Long.MAX_VALUE);
        return Combinators.combine(ids, Arbitraries.of(TierCode.class), Arbitraries.of(ContentCode.class), length, sha,
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0)).as((id, tier, content, len, s, segs, chunks, raw) ->
                        new PublishedPack(id, tier, content, len, s, segs, chunks, len / 2, raw));
    }

    @Property(tries = 200)
    void packRecordsRoundTrip(@ForAll("publishedPacks") PublishedPack pack) {
        byte[] value = pack.encode();
        assertThat(value).hasSize(PublishedPack.SIZE).hasSize(67);
        assertThat(PublishedPack.decode(pack.packId(), value)).isEqualTo(pack);
        value[0] = 2;
        assertThatThrownBy(() -> PublishedPack.decode(pack.packId(), value))
                .isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("unsupported published pack record format version")
                .hasMessageContaining("pack=" + pack.packId());
    }

    @Property(tries = 200)
    void statsRoundTrip(@ForAll @Positive long a, @ForAll long b) {
        IndexStats s = new IndexStats(a, Math.abs(b % 1000), a / 3, a, Math.abs(b / 2));
        byte[] value = s.encode();
        assertThat(value).hasSize(IndexStats.SIZE).hasSize(41);
        assertThat(IndexStats.decode(value)).isEqualTo(s);
        value[0] = 0;
        assertThatThrownBy(() -> IndexStats.decode(value)).isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("unsupported chunk index stats format version");
    }

    /** A stored value this code cannot read (written by a newer version) fails the lookup, naming chunk and directory. */
    @Test
    void aStoredValueOfAnUnknownVersionFailsTheLookupNamingTheChunk(@TempDir Path home) throws Exception {
        ChunkId id = new ChunkId(1, 2, 3, 4);
        Path dir;
        try (ChunkIndex index = ChunkIndex.open(home)) {
            dir = index.directory();
        }
        byte[] value = new ChunkLocation(IndexFixtures.packId(1), TierCode.WARM, 0, 64, 10, 10, 0, Codec.NONE, 0, 10)
                .encode();
        value[0] = 2;
        try (RocksStore store = RocksStore.open(dir, ChunkIndexConfig.defaults(), true, false);
                WriteBatch batch = new WriteBatch()) {
            batch.put(store.chunks(), id.bytes(), value);
            store.write(batch);
        }
        try (ChunkIndex index = ChunkIndex.open(home)) {
            assertThat(index.contains(id)).isTrue();
            assertThatThrownBy(() -> index.find(id)).isInstanceOf(UnsupportedFormatVersionException.class)
                    .hasMessageContaining("unsupported chunk location format version")
                    .hasMessageContaining("version=2")
                    .hasMessageContaining("chunk=" + id)
                    .hasMessageContaining("directory=" + dir);
        }
    }

    @Test
    void anIndexOfAnUnknownFormatIsRefusedOnOpen(@TempDir Path home) throws Exception {
        Path dir;
        try (ChunkIndex index = ChunkIndex.open(home)) {
            dir = index.directory();
        }
        try (RocksStore store = RocksStore.open(dir, ChunkIndexConfig.defaults(), true, false);
                WriteBatch batch = new WriteBatch()) {
            batch.put(store.meta(), ChunkIndex.FORMAT_KEY, new byte[] {2});
            store.write(batch);
        }
        assertThatThrownBy(() -> ChunkIndex.open(home)).isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("unsupported chunk index format version")
                .hasMessageContaining("version=2")
                .hasMessageContaining("directory=" + dir);
        // the failed open released the home
        assertThatThrownBy(() -> ChunkIndex.open(home)).isInstanceOf(UnsupportedFormatVersionException.class);
    }
}
