package dev.tierpack.packer.index;

import static dev.tierpack.packer.index.IndexFixtures.contents;
import static dev.tierpack.packer.index.IndexFixtures.entries;
import static dev.tierpack.packer.index.IndexFixtures.packId;
import static dev.tierpack.packer.index.IndexFixtures.packs;
import static dev.tierpack.packer.index.IndexFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.IndexFixtures.Written;
import dev.tierpack.packer.pack.PackReader;
import dev.tierpack.packer.pack.RangeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkIndexTest {
    @TempDir
    Path home;

    /** Three real packs, with small segments so that each has several, some stored with codec none. */
    private static List<Written> threePacks() {
        List<Written> out = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            out.add(write(packId(p), contents(100 + p, 40, 12_000), 24_000));
        }
        return out;
    }

    @Test
    void everyPublishedChunkIsReadBackWithOneRangeReadOfItsSegment() throws IOException {
        List<Written> written = threePacks();
        assertThat(written).allSatisfy(w -> assertThat(w.index().body().segments()).hasSizeGreaterThan(3));
        assertThat(written.stream().flatMap(w -> w.index().body().segments().stream()).map(s -> s.codec()))
                .contains(Codec.NONE, Codec.ZSTD);
        try (ChunkIndex index = ChunkIndex.open(home)) {
            for (Written w : written) {
                PublishResult r = index.publish(w.index());
                assertThat(r).isEqualTo(new PublishResult(w.chunks().size(), 0, false));
            }
            for (Written w : written) {
                for (ChunkRecord rec : w.index().body().chunks()) {
                    ChunkLocation at = index.find(rec.id()).orElseThrow();
                    assertThat(at).isEqualTo(ChunkLocation.of(w.index(), rec));
                    assertThat(at.packId()).isEqualTo(w.id());
                    assertThat(at.tier()).isEqualTo(TierCode.WARM);

                    // only the segment's bytes: [segmentOffset, segmentOffset + storedLength) of the pack object
                    byte[] segment = Arrays.copyOfRange(w.bytes(), Math.toIntExact(at.segmentOffset()),
                            Math.toIntExact(at.segmentEnd()));
                    byte[] raw = SegmentCodec.decompress(at.codec(), segment, 0, segment.length, at.segmentRawLength());
                    byte[] chunk = Arrays.copyOfRange(raw, at.chunkOffset(), at.chunkEnd());
                    assertThat(ChunkHasher.forCurrentThread().hash(chunk)).isEqualTo(rec.id());
                    assertThat(chunk).isEqualTo(w.chunks().get(rec.id()));

                    // the same through LocatedChunkReader: exactly one range read, exactly the segment
                    List<long[]> ranges = new ArrayList<>();
                    RangeSource recording = (offset, length) -> {
                        ranges.add(new long[] {offset, length});
                        return RangeSource.of(w.bytes()).open(offset, length);
                    };
                    assertThat(LocatedChunkReader.read(recording, rec.id(), at)).isEqualTo(chunk);
                    assertThat(ranges).hasSize(1);
                    assertThat(ranges.getFirst()).containsExactly(at.segmentOffset(), at.segmentStoredLength());

                    // and it agrees with the pack reader, which needs the trailer
                    PackReader reader = new PackReader(RangeSource.of(w.bytes()), w.bytes().length, at.packKey());
                    assertThat(reader.readChunk(w.index().body(), rec.id())).isEqualTo(chunk);
                }
            }
        }
    }

    @Test
    void aLocationWithTheWrongSegmentBytesIsAnIntegrityErrorNamingPackSegmentAndChunk() {
        Written w = write(packId(1), contents(7, 10, 8_000), 20_000);
        ChunkRecord rec = w.index().body().chunks().get(3);
        ChunkLocation at = ChunkLocation.of(w.index(), rec);
        byte[] segment = Arrays.copyOfRange(w.bytes(), (int) at.segmentOffset(), (int) at.segmentEnd());
        segment[segment.length / 2] ^= 1;
        assertThatThrownBy(() -> LocatedChunkReader.fromSegment(segment, rec.id(), at))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("segment checksum mismatch")
                .hasMessageContaining("pack=" + w.id().objectKey())
                .hasMessageContaining("segment=" + rec.segment())
                .hasMessageContaining("chunk=" + rec.id());
    }

    @Test
    void containsAndFindAllSeeHitsAndMissesAcrossMultiGetBatches() {
        List<Written> written = threePacks();
        Random r = new Random(5);
        try (ChunkIndex index = ChunkIndex.open(home)) {
            written.forEach(w -> index.publish(w.index()));
            List<ChunkId> hits = written.stream().flatMap(w -> w.chunks().keySet().stream()).toList();
            List<ChunkId> query = new ArrayList<>(hits);
            for (int i = 0; i < 3 * ChunkIndex.MULTI_GET_BATCH; i++) {
                query.add(IndexFixtures.randomId(r));
            }
            Collections.shuffle(query, r);

            Map<ChunkId, ChunkLocation> found = index.findAll(query);
            assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(hits);
            for (Written w : written) {
                for (ChunkRecord rec : w.index().body().chunks()) {
                    assertThat(found.get(rec.id())).isEqualTo(ChunkLocation.of(w.index(), rec));
                }
            }
            assertThat(hits).allMatch(index::contains);
            assertThat(query.stream().filter(id -> !found.containsKey(id))).noneMatch(index::contains)
                    .allMatch(id -> index.find(id).isEmpty());
            assertThat(index.findAll(List.of())).isEmpty();
        }
    }

    @Test
    void republishingIsANoOpAndAConflictingRepublishIsAnIntegrityError() {
        List<Written> written = threePacks();
        try (ChunkIndex index = ChunkIndex.open(home)) {
            written.forEach(w -> index.publish(w.index()));
            IndexStats stats = index.stats();
            Map<ChunkId, ChunkLocation> before = entries(index);

            Written first = written.getFirst();
            assertThat(index.publish(first.index())).isEqualTo(new PublishResult(0, first.chunks().size(), true));
            assertThat(index.stats()).isEqualTo(stats);
            assertThat(entries(index)).isEqualTo(before);

            // same pack id, different contents: a second writer reused an id, or an index object is wrong
            Written impostor = write(first.id(), contents(999, 5, 1000), 24_000);
            assertThatThrownBy(() -> index.publish(impostor.index()))
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("pack already published with different contents")
                    .hasMessageContaining("pack=" + first.id());
            assertThat(index.stats()).isEqualTo(stats);
            assertThat(entries(index)).isEqualTo(before);
        }
    }

    @Test
    void aChunkInTwoPacksKeepsItsFirstLocationAndCountsAsRedundant() {
        List<byte[]> a = contents(1, 30, 6000);
        List<byte[]> b = new ArrayList<>(contents(2, 20, 6000));
        b.add(7, a.get(4));
        b.add(a.get(11));
        Written packA = write(packId(10), a, 16_000);
        Written packB = write(packId(5), b, 16_000); // older id, published later: still loses
        ChunkId shared1 = ChunkHasher.forCurrentThread().hash(a.get(4));
        ChunkId shared2 = ChunkHasher.forCurrentThread().hash(a.get(11));

        try (ChunkIndex index = ChunkIndex.open(home)) {
            index.publish(packA.index());
            PublishResult r = index.publish(packB.index());
            assertThat(r).isEqualTo(new PublishResult(packB.chunks().size() - 2, 2, false));
            assertThat(index.find(shared1).orElseThrow().packId()).isEqualTo(packA.id());
            assertThat(index.find(shared2).orElseThrow()).isEqualTo(
                    ChunkLocation.of(packA.index(), packA.index().body().find(shared2).orElseThrow()));

            IndexStats s = index.stats();
            assertThat(s.packs()).isEqualTo(2);
            assertThat(s.chunks()).isEqualTo(packA.chunks().size() + packB.chunks().size() - 2);
            assertThat(s.redundantChunks()).isEqualTo(2);
            assertThat(s.chunks()).isEqualTo(entries(index).size());
        }
    }

    @Test
    void packRecordsAndTotalsDescribeThePublishedPacksAndSurviveReopening() {
        List<Written> written = new ArrayList<>(threePacks());
        written.add(write(packId(3), contents(77, 15, 3000), 10_000));
        try (ChunkIndex index = ChunkIndex.open(home)) {
            // publish out of id order: packs() is in id order regardless
            for (int i : new int[] {2, 0, 3, 1}) {
                assertThat(index.isPublished(written.get(i).id())).isFalse();
                index.publish(written.get(i).index());
                assertThat(index.isPublished(written.get(i).id())).isTrue();
            }
            assertThat(index.isPublished(packId(99))).isFalse();
            assertThat(index.pack(packId(99))).isEmpty();
        }
        List<PublishedPack> expected = written.stream().map(w -> PublishedPack.of(w.index())).toList();
        try (ChunkIndex index = ChunkIndex.open(home)) {
            assertThat(packs(index)).containsExactlyElementsOf(expected);
            Written w0 = written.getFirst();
            PublishedPack p0 = index.pack(w0.id()).orElseThrow();
            assertThat(p0.packLength()).isEqualTo(w0.bytes().length);
            assertThat(p0.sha256()).isEqualTo(Arrays.copyOfRange(w0.bytes(), w0.bytes().length - 40, w0.bytes().length - 8));
            assertThat(p0.chunkCount()).isEqualTo(w0.chunks().size());
            assertThat(p0.storedBytes()).isEqualTo(w0.index().body().storedBytes());

            IndexStats s = index.stats();
            assertThat(s.packs()).isEqualTo(4);
            assertThat(s.chunks()).isEqualTo(written.stream().mapToLong(w -> w.chunks().size()).sum());
            assertThat(s.redundantChunks()).isZero();
            assertThat(s.storedBytes()).isEqualTo(expected.stream().mapToLong(PublishedPack::storedBytes).sum());
            assertThat(s.rawBytes()).isEqualTo(written.stream()
                    .flatMap(w -> w.chunks().values().stream()).mapToLong(c -> c.length).sum());
            for (Written w : written) {
                for (ChunkRecord rec : w.index().body().chunks()) {
                    assertThat(index.find(rec.id())).contains(ChunkLocation.of(w.index(), rec));
                }
            }
        }
    }

    @Test
    void aClosedIndexRefusesEveryCallAndAnOpenHomeCannotBeOpenedTwice() {
        Written w = write(packId(0), contents(3, 5, 1000), 10_000);
        ChunkId id = w.chunks().keySet().iterator().next();
        ChunkIndex index = ChunkIndex.open(home);
        index.publish(w.index());
        assertThatThrownBy(() -> ChunkIndex.open(home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("chunk index is in use")
                .hasMessageContaining("directory=" + home);
        index.close();
        index.close();
        List<Runnable> calls = List.of(
                () -> index.find(id), () -> index.contains(id), () -> index.findAll(List.of(id)),
                () -> index.publish(w.index()), () -> index.isPublished(w.id()), () -> index.pack(w.id()),
                () -> index.packs(p -> {}), () -> index.chunks((k, v) -> {}), index::stats);
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("chunk index is closed");
        }
        try (ChunkIndex again = ChunkIndex.open(home)) {
            assertThat(again.contains(id)).isTrue();
        }
    }

    @Test
    @SuppressWarnings("try") // closes the resource from inside its own block on purpose
    void closingFromInsideAnIterationIsRefused() {
        Written w = write(packId(0), contents(3, 5, 1000), 10_000);
        try (ChunkIndex index = ChunkIndex.open(home)) {
            index.publish(w.index());
            assertThatThrownBy(() -> index.packs(p -> index.close()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed from inside");
            assertThat(index.isPublished(w.id())).isTrue();
        }
    }

    @Test
    void closeWaitsForConcurrentLookupsWhichThenFailCleanly() throws Exception {
        List<Written> written = threePacks();
        List<ChunkId> ids = written.stream().flatMap(w -> w.chunks().keySet().stream()).toList();
        ChunkIndex index = ChunkIndex.open(home);
        written.forEach(w -> index.publish(w.index()));
        int threads = 3;
        CountDownLatch running = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> lookups = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                lookups.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    long done = 0;
                    try {
                        while (true) {
                            ChunkId id = ids.get(r.nextInt(ids.size()));
                            if (index.find(id).isEmpty()) {
                                throw new AssertionError("published chunk not found: " + id);
                            }
                            if (++done == 100) {
                                running.countDown();
                            }
                        }
                    } catch (IllegalStateException closed) {
                        assertThat(closed).hasMessageContaining("chunk index is closed");
                        return done;
                    }
                }));
            }
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            index.close();
            for (Future<Long> f : lookups) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(100);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
