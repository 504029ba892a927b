package dev.tierpack.packer.index;

import static dev.tierpack.packer.index.IndexFixtures.contents;
import static dev.tierpack.packer.index.IndexFixtures.entries;
import static dev.tierpack.packer.index.IndexFixtures.packId;
import static dev.tierpack.packer.index.IndexFixtures.packs;
import static dev.tierpack.packer.index.IndexFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.index.IndexFixtures.Written;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkIndexRebuilderTest {
    @TempDir
    Path tmp;

    /** Five packs in creation order; packs 2 and 4 repeat chunks of packs 0 and 1. */
    static List<Written> packs;

    @BeforeAll
    static void writePacks() {
        packs = new ArrayList<>();
        List<List<byte[]>> contents = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            List<byte[]> c = new ArrayList<>(contents(200 + p, 30, 7000));
            if (p == 2) {
                c.add(3, contents.get(0).get(5));
                c.add(contents.get(1).get(9));
            }
            if (p == 4) {
                c.add(contents.get(0).get(5));
            }
            contents.add(c);
            packs.add(write(packId(p), c, 15_000));
        }
    }

    private static Map<String, byte[]> objects(List<Written> written) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        written.forEach(w -> out.put(w.id().indexKey(), w.indexObject()));
        return out;
    }

    private static Map<String, byte[]> shuffled(Map<String, byte[]> objects, long seed) {
        List<String> keys = new ArrayList<>(objects.keySet());
        Collections.shuffle(keys, new Random(seed));
        Map<String, byte[]> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, objects.get(k)));
        return out;
    }

    private Path incremental() {
        Path home = tmp.resolve("incremental");
        try (ChunkIndex index = ChunkIndex.open(home)) {
            packs.forEach(w -> index.publish(w.index()));
        }
        return home;
    }

    private static void assertSameIndex(Path expected, Path actual) {
        try (ChunkIndex e = ChunkIndex.open(expected); ChunkIndex a = ChunkIndex.open(actual)) {
            Map<ChunkId, ChunkLocation> entries = entries(e);
            assertThat(entries).hasSize((int) e.stats().chunks());
            assertThat(entries(a)).containsExactlyEntriesOf(entries);
            assertThat(packs(a)).containsExactlyElementsOf(packs(e));
            assertThat(a.stats()).isEqualTo(e.stats());
        }
    }

    @Test
    void aRebuildFromIndexObjectsEqualsTheIncrementallyBuiltIndexEntryByEntry() throws IOException {
        Path incremental = incremental();
        try (ChunkIndex index = ChunkIndex.open(incremental)) {
            assertThat(index.stats().redundantChunks()).isEqualTo(3);
        }
        Path rebuilt = tmp.resolve("rebuilt");
        List<RejectedIndexObject> rejected = new ArrayList<>();
        RebuildResult result = ChunkIndexRebuilder.rebuild(rebuilt, IndexObjectSource.of(shuffled(objects(packs), 1)),
                rejected::add);
        assertThat(rejected).isEmpty();
        assertThat(result.objects()).isEqualTo(5);
        assertThat(result.rejected()).isZero();
        assertThat(result.stats().packs()).isEqualTo(5);
        assertThat(result.directory().getParent()).isEqualTo(rebuilt);
        assertSameIndex(incremental, rebuilt);
    }

    @Test
    void theRebuildDoesNotDependOnTheOrderOfTheObjects() throws IOException {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        ChunkIndexRebuilder.rebuild(first, IndexObjectSource.of(objects(packs.reversed())), r -> {});
        ChunkIndexRebuilder.rebuild(second, IndexObjectSource.of(shuffled(objects(packs), 7)), r -> {});
        assertSameIndex(first, second);
        try (ChunkIndex index = ChunkIndex.open(first)) {
            // the shared chunks point to the earliest pack that holds them, pack 0 and pack 1
            for (ChunkId id : packs.get(2).chunks().keySet()) {
                if (packs.get(0).chunks().containsKey(id)) {
                    assertThat(index.find(id).orElseThrow().packId()).isEqualTo(packs.get(0).id());
                }
            }
            assertThat(index.stats().redundantChunks()).isEqualTo(3);
        }
    }

    @Test
    void badIndexObjectsAreReportedByNameAndReasonAndSkipped() throws IOException {
        Map<String, byte[]> objects = objects(packs);
        Written corrupt = packs.get(1);
        byte[] flipped = corrupt.indexObject();
        flipped[flipped.length / 2] ^= 0x40;
        objects.put(corrupt.id().indexKey(), flipped);
        Written misnamed = packs.get(3);
        objects.remove(misnamed.id().indexKey());
        objects.put("index/00/" + packId(77).hex() + ".idx", misnamed.indexObject());
        byte[] future = packs.get(4).indexObject();
        future[8] = 9; // format version 9
        objects.put(packs.get(4).id().indexKey(), future);
        objects.put("index/zz/junk.idx", new byte[0]);

        List<RejectedIndexObject> rejected = new ArrayList<>();
        Path home = tmp.resolve("rebuilt");
        RebuildResult result = ChunkIndexRebuilder.rebuild(home, IndexObjectSource.of(objects), rejected::add);

        assertThat(result.objects()).isEqualTo(6);
        assertThat(result.rejected()).isEqualTo(4);
        assertThat(rejected).extracting(RejectedIndexObject::name).containsExactlyInAnyOrder(
                corrupt.id().indexKey(), "index/00/" + packId(77).hex() + ".idx", packs.get(4).id().indexKey(),
                "index/zz/junk.idx");
        Map<String, String> reasons = new LinkedHashMap<>();
        rejected.forEach(r -> reasons.put(r.name(), r.reason()));
        assertThat(reasons.get(corrupt.id().indexKey())).contains("pack index object checksum mismatch")
                .contains("object=" + corrupt.id().indexKey());
        assertThat(reasons.get("index/00/" + packId(77).hex() + ".idx"))
                .contains("index object key does not match its pack id").contains("pack=" + misnamed.id());
        assertThat(reasons.get(packs.get(4).id().indexKey())).contains("unsupported pack index format version")
                .contains("version=9");
        assertThat(reasons.get("index/zz/junk.idx")).contains("empty pack index object");

        try (ChunkIndex index = ChunkIndex.open(home)) {
            assertThat(packs(index)).extracting(PublishedPack::packId)
                    .containsExactly(packs.get(0).id(), packs.get(2).id());
            assertThat(result.stats()).isEqualTo(index.stats());
            for (Written w : List.of(packs.get(0), packs.get(2))) {
                assertThat(index.findAll(w.chunks().keySet())).hasSize(w.chunks().size());
            }
        }
    }

    @Test
    void aRebuildReplacesTheLiveIndexAndDeletesTheOldGeneration() throws IOException {
        Path home = tmp.resolve("home");
        Path oldDir;
        try (ChunkIndex index = ChunkIndex.open(home)) {
            index.publish(packs.get(0).index());
            oldDir = index.directory();
        }
        RebuildResult result = ChunkIndexRebuilder.rebuild(home, IndexObjectSource.of(objects(packs)), r -> {});
        assertThat(result.directory()).isNotEqualTo(oldDir);
        assertThat(oldDir).doesNotExist();
        assertThat(Files.readString(home.resolve(IndexHome.LIVE))).isEqualTo(result.directory().getFileName() + "\n");
        try (ChunkIndex index = ChunkIndex.open(home)) {
            assertThat(index.directory()).isEqualTo(result.directory());
            assertThat(index.stats()).isEqualTo(result.stats());
            assertThat(index.stats().packs()).isEqualTo(5);
            // the rebuilt index takes incremental publishes like any other
            Written extra = write(packId(9), contents(9, 5, 1000), 10_000);
            assertThat(index.publish(extra.index()).newChunks()).isEqualTo(extra.chunks().size());
        }
        try (ChunkIndex index = ChunkIndex.open(home)) {
            assertThat(index.stats().packs()).isEqualTo(6);
        }
    }

    @Test
    void aRebuildThatFailsMidwayLeavesTheOldIndexLiveAndIntact() throws IOException {
        Path home = incremental();
        Map<ChunkId, ChunkLocation> before;
        IndexStats stats;
        Path live;
        try (ChunkIndex index = ChunkIndex.open(home)) {
            before = entries(index);
            stats = index.stats();
            live = index.directory();
        }
        // a different set of packs, of which the source manages two before its listing fails
        List<Written> others = List.of(write(packId(20), contents(20, 10, 3000), 8000),
                write(packId(21), contents(21, 10, 3000), 8000), write(packId(22), contents(22, 10, 3000), 8000));
        IndexObjectSource failing = each -> {
            each.accept(others.get(0).id().indexKey(), others.get(0).indexObject());
            each.accept(others.get(1).id().indexKey(), others.get(1).indexObject());
            throw new IOException("listing failed: connection reset");
        };
        assertThatThrownBy(() -> ChunkIndexRebuilder.rebuild(home, failing, r -> {}))
                .isInstanceOf(IOException.class).hasMessage("listing failed: connection reset");

        try (Stream<Path> dirs = Files.list(home)) {
            assertThat(dirs.filter(Files::isDirectory)).containsExactly(live);
        }
        try (ChunkIndex index = ChunkIndex.open(home)) {
            assertThat(index.directory()).isEqualTo(live);
            assertThat(entries(index)).containsExactlyEntriesOf(before);
            assertThat(index.stats()).isEqualTo(stats);
            assertThat(index.isPublished(others.get(0).id())).isFalse();
        }
    }

    @Test
    void aRebuildIsRefusedWhileTheIndexIsOpen() throws IOException {
        Path home = tmp.resolve("home");
        try (ChunkIndex index = ChunkIndex.open(home)) {
            index.publish(packs.get(0).index());
            assertThatThrownBy(() -> ChunkIndexRebuilder.rebuild(home, IndexObjectSource.of(objects(packs)), r -> {}))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("chunk index is in use")
                    .hasMessageContaining("directory=" + home);
            assertThat(index.stats().packs()).isEqualTo(1);
        }
    }

    @Test
    void leftoversOfAnInterruptedRebuildAreDeletedOnOpen() throws IOException {
        Path home = tmp.resolve("home");
        Path live;
        try (ChunkIndex index = ChunkIndex.open(home)) {
            index.publish(packs.get(0).index());
            live = index.directory();
        }
        // what a crash mid-rebuild leaves: a half-built generation and maybe a LIVE.tmp not yet renamed
        Path half = home.resolve("db-7");
        Files.createDirectories(half.resolve("sub"));
        Files.writeString(half.resolve("000012.sst"), "half written");
        Files.writeString(home.resolve("LIVE.tmp"), "db-7\n");
        try (ChunkIndex index = ChunkIndex.open(home)) {
            assertThat(index.directory()).isEqualTo(live);
            assertThat(index.isPublished(packs.get(0).id())).isTrue();
        }
        assertThat(half).doesNotExist();
        assertThat(home.resolve("LIVE.tmp")).doesNotExist();
        RebuildResult result = ChunkIndexRebuilder.rebuild(home, IndexObjectSource.of(objects(packs)), r -> {});
        assertThat(result.directory()).isNotEqualTo(live).exists();
        assertThat(live).doesNotExist();
    }

    @Test
    void decodeChecksTheObjectKey() {
        PackIndexObject expected = packs.get(0).index();
        assertThat(ChunkIndexRebuilder.decode(expected.packId().indexKey(), packs.get(0).indexObject()))
                .isEqualTo(expected);
        assertThatThrownBy(() -> ChunkIndexRebuilder.decode(expected.packId().objectKey(), packs.get(0).indexObject()))
                .hasMessageContaining("index object key does not match its pack id")
                .hasMessageContaining("expected=" + expected.packId().indexKey());
    }
}
