package dev.tierpack.packer.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.DirectorySink;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.bench.TestCaches;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.IndexStats;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new-chunk accounting of {@link PackingSession} (what progress events report as {@code newChunks} and
 * {@code newBytes}): over a whole migration done in batches — a session per batch, as the campaign worker does,
 * with packs so small that several are sealed within one batch and within one store path — every chunk stored is
 * counted new exactly once, by the first store path that needs it: the sums equal the distinct chunks and raw bytes
 * the chunk index holds, and no pack holds a chunk another pack already provides. Chunks repeated inside one store
 * path count once.
 */
class NewChunkAccountingTest {
    @TempDir Path tmp;

    @Test
    void everyStoredChunkIsCountedNewExactlyOnceAcrossBatchesAndSealedPacks() throws Exception {
        Path cache = tmp.resolve("cache");
        GeneratorSpec spec = new GeneratorSpec(11, 20, 6, Set.of(3), 0.4, 0.02, "test.tierpack.dev-1");
        new CacheGenerator(spec, SecretKey.generate(spec.keyName())).generate(new DirectorySink(cache));
        // a store path that holds the same file twice (every chunk of it repeated inside the path), and a later one
        // (sorted last, so in the last batch) repeating it again
        byte[] content = TestCaches.random(7, 100 << 10);
        byte[] twice = TestCaches.nar(java.util.Map.of("a", content, "b", content));
        TestCaches.addStorePath(cache, TestCaches.hash('0'), "twice-1.0", twice, twice.length);
        byte[] again = TestCaches.nar(java.util.Map.of("c", content));
        TestCaches.addStorePath(cache, TestCaches.hash('z'), "again-1.0", again, again.length);
        List<Path> narinfos;
        try (Stream<Path> s = Files.list(cache)) {
            narinfos = s.filter(p -> p.getFileName().toString().endsWith(".narinfo")).sorted().toList();
        }
        PackerConfig config = new PackerConfig(ChunkerParams.DEFAULT,
                new PackWriterConfig(32 << 10, 8 << 10, SegmentCompression.zstd(3), TierCode.WARM, ContentCode.DATA),
                1 << 20, tmp.resolve("work"));

        long newChunks = 0;
        long newBytes = 0;
        long packs = 0;
        int batches = 0;
        int pathsWithRepeats = 0;
        List<IngestedPath> all = new ArrayList<>();
        try (EmbeddedS3 s3 = EmbeddedS3.start(tmp.resolve("s3"), 0);
                ChunkIndex index = ChunkIndex.open(tmp.resolve("index"));
                BinaryCacheSource source = new LocalDirSource(cache)) {
            s3.createBucketIfMissing("warm");
            try (Tier warm = S3Tier.builder("warm", "warm").endpoint(s3.endpoint()).pathStyle(true)
                    .credentials(s3.credentials().provider()).partSize(Tier.MIN_PART_SIZE).build()) {
                for (int from = 0; from < narinfos.size(); from += 50, batches++) {
                    try (PackingSession batch = new PackingSession(warm, index, config)) {
                        for (Path p : narinfos.subList(from, Math.min(narinfos.size(), from + 50))) {
                            String key = p.getFileName().toString();
                            batch.ingest(NarInfo.parse(Files.readString(p), key), key, source);
                        }
                        batch.flush();
                        all.addAll(batch.drainDurable());
                        packs += batch.published().size();
                    }
                }
            }
            IndexStats stored = index.stats();
            for (IngestedPath p : all) {
                newChunks += p.stats().newChunks();
                newBytes += p.stats().newBytes();
                assertThat(p.stats().newChunks() + p.stats().dedupChunks()).isEqualTo(p.stats().chunks());
                Set<ChunkId> seen = new HashSet<>();
                boolean repeats = false;
                for (List<ChunkRef> file : p.layout().files()) {
                    for (ChunkRef r : file) {
                        repeats |= !seen.add(r.id());
                    }
                }
                if (repeats) {
                    pathsWithRepeats++;
                    assertThat(p.stats().newChunks()).as(p.narinfoKey()).isLessThanOrEqualTo(seen.size());
                }
            }
            assertThat(all).hasSize(narinfos.size());
            assertThat(packs).as("several packs sealed per batch").isGreaterThan(2L * batches);
            assertThat(pathsWithRepeats).as("store paths that repeat a chunk").isPositive();
            assertThat(stored.redundantChunks()).as("chunks stored twice").isZero();
            assertThat(newChunks).isEqualTo(stored.chunks());
            assertThat(newBytes).isEqualTo(stored.rawBytes());
        }
    }
}
