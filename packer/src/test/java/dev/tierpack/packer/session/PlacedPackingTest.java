package dev.tierpack.packer.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.read.NarAssembler;
import dev.tierpack.packer.upload.TierRangeSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunk placement on real S3 tiers with the corpus: three of bump 6's store paths placed warm, two older paths sharing content
 * with them cold, the warm ones ingested first as a campaign does (docs/FORMAT.md "Placement"). (The whole corpus,
 * through a campaign, is in the routes module's placement bar test.) Warm
 * paths need only warm packs; cold packs hold no chunk a warm path needs; cold paths reuse warm chunks; a warm path
 * whose chunks are already cold gets them written again warm and the index prefers the warm copy.
 */
class PlacedPackingTest {
    @TempDir Path tmp;
    EmbeddedS3 s3;
    Tier warm;
    Tier cold;
    ChunkIndex index;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.start(tmp.resolve("s3"), 0);
        s3.createBucketIfMissing("warm");
        s3.createBucketIfMissing("cold");
        warm = tier("warm");
        cold = tier("cold");
        index = ChunkIndex.open(tmp.resolve("index"));
    }

    Tier tier(String bucket) {
        return S3Tier.builder(bucket, bucket).endpoint(s3.endpoint()).pathStyle(true)
                .credentials(s3.credentials().provider()).partSize(Tier.MIN_PART_SIZE).build();
    }

    @AfterEach
    void stop() throws Exception {
        index.close();
        warm.close();
        cold.close();
        s3.close();
    }

    PackerConfig config() {
        return new PackerConfig(ChunkerParams.of(16 << 10),
                new PackWriterConfig(2 << 20, 1 << 20, SegmentCompression.zstd(3), TierCode.WARM, ContentCode.DATA),
                1 << 20, tmp.resolve("work"));
    }

    /** Cold paths of bump 4 that share content with bump 6 (prettier 3.3.3 before the mass rebuild, its stdenv). */
    static final Set<String> OLDER = Set.of("8sdw1wvfjy8ylpskii5pahz631602rx4", "52g0jsna8724f8af84s3w4b7zvm34z3x");

    /** Bump 6's prettier 3.3.3, its source tarball and its stdenv (the small part of bump 6, to keep the test fast). */
    static Set<String> bump6() {
        return Set.of("bzd8lzhb5d6j34yfs2flc5hj27px12zf", "j39dygrxmj2y90q9faqvk1i7qk5pcqii", "dpwb6qm6irshd783v2jq4797mak0dpx5");
    }

    /** Ingests the corpus paths accepted by {@code which}, each placed by {@code hot}; returns them durable. */
    List<IngestedPath> ingest(PackingSession session, java.util.function.Predicate<String> which, Set<String> hot)
            throws Exception {
        List<IngestedPath> out = new ArrayList<>();
        try (BinaryCacheSource source = new LocalDirSource(Corpus.cache())) {
            for (Path p : Corpus.narinfos()) {
                String key = p.getFileName().toString();
                NarInfo info = NarInfo.parse(Files.readString(p), key);
                String h = info.storePath().hashPart();
                if (which.test(h)) {
                    session.ingest(info, key, source, hot.contains(h) ? TierCode.WARM : TierCode.COLD);
                    out.addAll(session.drainDurable());
                }
            }
            session.flush();
            out.addAll(session.drainDurable());
        }
        return out;
    }

    /** Chunk ids of every pack on {@code tier}, from the index objects on the warm tier. */
    Map<TierCode, Set<ChunkId>> chunksByTier() throws Exception {
        Map<TierCode, Set<ChunkId>> out = new HashMap<>();
        for (var it = warm.list("index/", null); it.hasNext(); ) {
            String key = it.next().key();
            PackIndexObject idx;
            try (InputStream in = warm.read(key)) {
                idx = PackIndexObject.decode(in.readAllBytes(), key);
            }
            for (ChunkRecord r : idx.body().chunks()) {
                out.computeIfAbsent(idx.tier(), t -> new HashSet<>()).add(r.id());
            }
        }
        return out;
    }

    static Set<ChunkId> chunksOf(IngestedPath p) {
        Set<ChunkId> ids = new HashSet<>();
        for (List<ChunkRef> file : p.layout().files()) {
            file.forEach(r -> ids.add(r.id()));
        }
        return ids;
    }

    /** Reassembles a store path through the chunk index, reading only from {@code allowed} tiers. */
    void assertReassembles(IngestedPath path, Set<TierCode> allowed) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            NarAssembler.write(path.layout(), id -> {
                ChunkLocation at = index.find(id).orElseThrow();
                assertThat(allowed).as("tier of a chunk of " + path.info().storePath()).contains(at.tier());
                Tier t = at.tier() == TierCode.WARM ? warm : cold;
                return LocatedChunkReader.read(new TierRangeSource(t, at.packKey()), id, at);
            }, out);
        }
        assertThat(sha.digest()).as(path.info().storePath().toString()).isEqualTo(path.info().narHash().bytes());
    }

    @Test
    void warmPathsOnlyNeedWarmPacksAndColdPacksHoldOnlyWhatNoWarmPathNeeds() throws Exception {
        Set<String> hot = bump6();
        List<IngestedPath> paths;
        try (PackingSession session = new PackingSession(warm, cold, index, config())) {
            // as a campaign does: the hot paths first, then the cold ones (which then reuse warm chunks)
            paths = ingest(session, hot::contains, hot);
            paths.addAll(ingest(session, OLDER::contains, hot));
        }
        assertThat(paths).hasSize(hot.size() + OLDER.size());
        Map<TierCode, Set<ChunkId>> stored = chunksByTier();
        assertThat(stored.get(TierCode.COLD)).as("some data went cold").isNotEmpty();
        Set<ChunkId> warmNeeds = new HashSet<>();
        Set<ChunkId> coldNeeds = new HashSet<>();
        for (IngestedPath p : paths) {
            boolean isHot = hot.contains(p.info().storePath().hashPart());
            assertThat(p.placement()).isEqualTo(isHot ? TierCode.WARM : TierCode.COLD);
            (isHot ? warmNeeds : coldNeeds).addAll(chunksOf(p));
            assertReassembles(p, isHot ? Set.of(TierCode.WARM) : Set.of(TierCode.WARM, TierCode.COLD));
        }
        assertThat(stored.get(TierCode.COLD)).doesNotContainAnyElementsOf(warmNeeds);
        assertThat(stored.get(TierCode.WARM)).containsAll(warmNeeds);
        Set<ChunkId> reused = new HashSet<>(coldNeeds);
        reused.retainAll(stored.get(TierCode.WARM));
        assertThat(reused).as("cold paths reuse chunks already warm (dedup warm wins)").isNotEmpty();
        assertThat(stored.get(TierCode.COLD)).doesNotContainAnyElementsOf(reused);
    }

    @Test
    void aWarmPathWhoseChunksAreColdGetsThemWrittenAgainWarm() throws Exception {
        Set<String> hot = bump6();
        try (PackingSession session = new PackingSession(warm, cold, index, config())) {
            ingest(session, hot::contains, Set.of()); // bump 6 cold first
        }
        assertThat(chunksByTier()).doesNotContainKey(TierCode.WARM);
        List<IngestedPath> again;
        try (PackingSession session = new PackingSession(warm, cold, index, config())) {
            again = ingest(session, hot::contains, hot);
        }
        assertThat(again).hasSize(hot.size()).allSatisfy(p -> assertThat(p.placement()).isEqualTo(TierCode.WARM));
        Map<TierCode, Set<ChunkId>> stored = chunksByTier();
        for (IngestedPath p : again) {
            assertThat(stored.get(TierCode.WARM)).containsAll(chunksOf(p));
            assertThat(stored.get(TierCode.COLD)).containsAll(chunksOf(p)); // the cold copies stay, unused
            assertReassembles(p, Set.of(TierCode.WARM));
        }
    }
}
