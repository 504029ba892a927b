package dev.tierpack.packer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.chunk.FastCdc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupSimulatorTest {
    static final ChunkerParams PARAMS = ChunkerParams.of(4 << 10); // min 1 KiB, max 16 KiB

    @TempDir Path dir;

    /** Two store paths; the second repeats a file of the first and has tiny and empty files. */
    private Map<String, Map<String, byte[]>> writeCache() throws IOException {
        byte[] big = TestCaches.random(1, 100_000);
        Map<String, byte[]> first = new LinkedHashMap<>();
        first.put("big", big);
        first.put("other", TestCaches.random(2, 30_000));
        Map<String, byte[]> second = new LinkedHashMap<>();
        second.put("copy", big);
        second.put("empty", new byte[0]);
        second.put("tiny", TestCaches.random(3, 500));
        second.put("exactly-min", TestCaches.random(4, PARAMS.minSize()));
        TestCaches.addStorePath(dir, TestCaches.hash('a'), "foo-1.0", TestCaches.nar(first), TestCaches.nar(first).length);
        TestCaches.addStorePath(dir, TestCaches.hash('b'), "foo-1.1", TestCaches.nar(second), TestCaches.nar(second).length);
        Map<String, Map<String, byte[]>> out = new LinkedHashMap<>();
        out.put("foo-1.0", first);
        out.put("foo-1.1", second);
        return out;
    }

    @Test
    void chunksEachFileSeparatelyAndDeduplicatesAcrossTheCache() throws IOException {
        Map<String, Map<String, byte[]>> cache = writeCache();
        // expected: each file's own FastCDC chunks, in NAR order (store paths in package order, files by name)
        FastCdc cdc = new FastCdc(PARAMS);
        List<ChunkId> expectedNew = new ArrayList<>();
        Set<ChunkId> seen = new HashSet<>();
        long refs = 0;
        long fileBytes = 0;
        for (Map<String, byte[]> files : cache.values()) {
            for (byte[] f : new java.util.TreeMap<>(files).values()) {
                fileBytes += f.length;
                int off = 0;
                for (int len : cdc.chunkLengths(f, 0, f.length)) {
                    ChunkId id = new ChunkHasher().hash(f, off, len);
                    refs++;
                    if (seen.add(id)) {
                        expectedNew.add(id);
                    }
                    off += len;
                }
            }
        }
        List<ChunkId> got = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        DedupSimulator sim = new DedupSimulator(PARAMS);
        DedupSimulator.Stats s = sim.ingest(BenchCache.open(dir, IngestOrder.PACKAGE), (i, id, buf, off, len, compressible) -> {
            indexes.add(i);
            got.add(id);
            assertThat(new ChunkHasher().hash(buf, off, len)).isEqualTo(id);
        });

        assertThat(got).containsExactlyElementsOf(expectedNew);
        assertThat(indexes).containsExactlyElementsOf(java.util.stream.IntStream.range(0, got.size()).boxed().toList());
        assertThat(s.storePaths()).isEqualTo(2);
        assertThat(s.regularFiles()).isEqualTo(6);
        assertThat(s.entries()).isEqualTo(8); // 6 files + 2 root directories
        assertThat(s.fileBytes()).isEqualTo(fileBytes);
        assertThat(s.chunkReferences()).isEqualTo(refs);
        assertThat(s.newChunks()).isEqualTo(expectedNew.size()).isEqualTo(sim.table().size());
        assertThat(s.newBytes()).isEqualTo(sim.table().rawBytes()).isEqualTo(fileBytes - 100_000);
        assertThat(s.duplicateShare()).isCloseTo(100_000.0 / fileBytes, org.assertj.core.data.Offset.offset(1e-9));
        // the copied file's chunks are referenced twice; a file no longer than minSize is one chunk
        int copyChunks = cdc.chunkLengths(cache.get("foo-1.0").get("big"), 0, 100_000).length;
        int twice = 0;
        for (int i = 0; i < sim.table().size(); i++) {
            twice += sim.table().references(i) == 2 ? 1 : 0;
        }
        assertThat(twice).isEqualTo(copyChunks);
        assertThat(Arrays.stream(new int[] {500, PARAMS.minSize()})
                .allMatch(len -> containsLength(sim.table(), len))).isTrue();
    }

    private static boolean containsLength(ChunkTable t, int len) {
        for (int i = 0; i < t.size(); i++) {
            if (t.rawLength(i) == len) {
                return true;
            }
        }
        return false;
    }

    @Test
    void ingestingTheSameCacheAgainFindsNothingNew() throws IOException {
        writeCache();
        DedupSimulator sim = new DedupSimulator(PARAMS);
        BenchCache cache = BenchCache.open(dir, IngestOrder.KEY);
        DedupSimulator.Stats first = sim.ingest(cache, NewChunkSink.discard());
        DedupSimulator.Stats again = sim.ingest(cache, (i, id, b, o, l, compressible) -> {
            throw new AssertionError("chunk " + id + " is not new");
        });
        assertThat(again.newChunks()).isZero();
        assertThat(again.chunkReferences()).isEqualTo(first.chunkReferences());
        assertThat(again.duplicateShare()).isEqualTo(1.0);
        assertThat(sim.table().size()).isEqualTo((int) first.newChunks());
    }

    @Test
    void aNarSizeThatDiffersFromTheNarinfoIsAFormatErrorNamingTheObject() throws IOException {
        byte[] nar = TestCaches.nar(Map.of("f", TestCaches.random(5, 5000)));
        TestCaches.addStorePath(dir, TestCaches.hash('c'), "bar-2", nar, nar.length + 8);
        assertThatThrownBy(() -> new DedupSimulator(PARAMS).ingest(BenchCache.open(dir, IngestOrder.KEY), NewChunkSink.discard()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("NarSize")
                .hasMessageContaining("object=nar/")
                .hasMessageContaining("bar-2");
    }

    @Test
    void aTruncatedNarXzIsAFormatErrorNamingTheObject() throws IOException {
        byte[] nar = TestCaches.nar(Map.of("f", TestCaches.random(6, 50_000)));
        TestCaches.addStorePath(dir, TestCaches.hash('d'), "baz-3", nar, nar.length);
        Path xz;
        try (var s = Files.list(dir.resolve("nar"))) {
            xz = s.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(xz);
        Files.write(xz, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> new DedupSimulator(PARAMS).ingest(BenchCache.open(dir, IngestOrder.KEY), NewChunkSink.discard()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("object=nar/" + xz.getFileName());
    }
}
