package dev.tierpack.packer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.read.NarAssembler;
import dev.tierpack.packer.upload.TierRangeSource;
import dev.tierpack.packer.verify.PackFinding;
import dev.tierpack.packer.verify.TierAudit;
import dev.tierpack.packer.verify.VerifyLevel;
import dev.tierpack.packer.verify.VerifyReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-Nix corpus through the packer into a real S3 tier, read back chunk by chunk into identical NARs. */
class PackingSessionTest {
    @TempDir Path tmp;
    EmbeddedS3 s3;
    Tier warm;
    ChunkIndex index;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.start(tmp.resolve("s3"), 0);
        s3.createBucketIfMissing("warm");
        warm = S3Tier.builder("warm", "warm").endpoint(s3.endpoint()).pathStyle(true)
                .credentials(s3.credentials().provider()).partSize(Tier.MIN_PART_SIZE).build();
        index = ChunkIndex.open(tmp.resolve("index"));
    }

    @AfterEach
    void stop() throws Exception {
        index.close();
        warm.close();
        s3.close();
    }

    PackerConfig config(long packSize) {
        return new PackerConfig(ChunkerParams.of(16 << 10),
                new PackWriterConfig(packSize, 1 << 20, SegmentCompression.zstd(3), TierCode.WARM, ContentCode.DATA),
                1 << 20, tmp.resolve("work"));
    }

    List<IngestedPath> ingestCorpus(PackingSession session) throws IOException {
        List<IngestedPath> durable = new ArrayList<>();
        try (BinaryCacheSource source = new LocalDirSource(Corpus.cache())) {
            for (Path p : Corpus.narinfos()) {
                String key = p.getFileName().toString();
                session.ingest(NarInfo.parse(Files.readString(p), key), key, source);
                durable.addAll(session.drainDurable());
            }
            session.flush();
            durable.addAll(session.drainDurable());
        }
        return durable;
    }

    @Test
    void everyCorpusStorePathReassemblesToItsNarHashFromPackedChunks() throws Exception {
        List<IngestedPath> durable;
        try (PackingSession session = new PackingSession(warm, index, config(8 << 20))) {
            durable = ingestCorpus(session);
            assertThat(session.published()).hasSizeGreaterThan(1); // small packs: several were sealed on the way
        }
        assertThat(durable).hasSize(Corpus.narinfos().size());
        assertThat(durable).extracting(d -> d.narinfoKey())
                .containsExactlyElementsOf(Corpus.narinfos().stream().map(p -> p.getFileName().toString()).toList());

        for (IngestedPath path : durable) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long[] size = {0};
            try (OutputStream out = new DigestOutputStream(new OutputStream() {
                @Override
                public void write(int b) {
                    size[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    size[0] += len;
                }
            }, sha)) {
                NarAssembler.write(path.layout(), id -> {
                    ChunkLocation at = index.find(id).orElseThrow();
                    return LocatedChunkReader.read(new TierRangeSource(warm, at.packKey()), id, at);
                }, out);
            }
            assertThat(size[0]).as(path.info().storePath().toString()).isEqualTo(path.info().narSize());
            assertThat(sha.digest()).as(path.info().storePath().toString()).isEqualTo(path.info().narHash().bytes());
        }
    }

    @Test
    void objectsWrittenArePacksPlusIndexesAndDedupFindsDuplicates() throws Exception {
        List<IngestedPath> durable;
        try (PackingSession session = new PackingSession(warm, index, config(512L << 20))) {
            durable = ingestCorpus(session);
            assertThat(session.published()).hasSize(1);
        }
        List<String> keys = new ArrayList<>();
        warm.list("", null).forEachRemaining(o -> keys.add(o.key()));
        assertThat(keys).hasSize(2).anyMatch(k -> k.startsWith("packs/")).anyMatch(k -> k.startsWith("index/"));
        long sourceObjects;
        try (Stream<Path> s = Files.walk(Corpus.cache())) {
            sourceObjects = s.filter(Files::isRegularFile).count();
        }
        long refs = durable.stream().mapToLong(d -> d.layout().chunkRefs()).sum();
        long unique = index.stats().chunks();
        assertThat(keys.size()).isLessThan((int) sourceObjects / 10);
        assertThat(unique).isLessThan(refs); // mass rebuilds and versions share chunks
        long dedupBytes = durable.stream().mapToLong(d -> d.stats().dedupBytes()).sum();
        assertThat(dedupBytes).isPositive();
    }

    @Test
    void alreadyCompressedFilesAreStoredUncompressedAndTheRestIsCompressed() throws Exception {
        List<IngestedPath> durable;
        try (PackingSession session = new PackingSession(warm, index, config(512L << 20))) {
            durable = ingestCorpus(session);
        }
        // the corpus's fixed outputs are npm tarballs (.tgz: gzip); everything else is builds (ELF, scripts, text)
        java.util.Map<dev.tierpack.packer.chunk.ChunkId, Integer> tarball = new java.util.HashMap<>();
        java.util.Map<dev.tierpack.packer.chunk.ChunkId, Integer> build = new java.util.HashMap<>();
        for (IngestedPath p : durable) {
            var into = p.info().storePath().name().endsWith(".tgz") ? tarball : build;
            p.layout().files().forEach(f -> f.forEach(c -> into.put(c.id(), c.length())));
        }
        assertThat(tarball).isNotEmpty();
        long tarballStored = 0;
        for (var e : tarball.entrySet()) {
            if (index.find(e.getKey()).orElseThrow().codec() == dev.tierpack.packer.format.Codec.NONE) {
                tarballStored += e.getValue();
            }
        }
        long buildBytes = 0;
        long buildStored = 0;
        for (var e : build.entrySet()) {
            buildBytes += e.getValue();
            if (index.find(e.getKey()).orElseThrow().codec() == dev.tierpack.packer.format.Codec.NONE) {
                buildStored += e.getValue();
            }
        }
        long tarballBytes = tarball.values().stream().mapToLong(Integer::longValue).sum();
        assertThat(tarballStored).as("tarball bytes in stored segments").isEqualTo(tarballBytes);
        assertThat((double) buildStored / buildBytes).as("build bytes in stored segments").isLessThan(0.05);
    }

    @Test
    void successiveSessionsReuseOneWorkspaceOneAtATime() throws Exception {
        List<Path> all = Corpus.narinfos();
        int durable = 0;
        try (PackingWorkspace workspace = new PackingWorkspace(config(8 << 20));
                BinaryCacheSource source = new LocalDirSource(Corpus.cache())) {
            for (List<Path> half : List.of(all.subList(0, all.size() / 2), all.subList(all.size() / 2, all.size()))) {
                try (PackingSession session = new PackingSession(warm, null, index, workspace)) {
                    assertThatThrownBy(() -> new PackingSession(warm, null, index, workspace))
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining("already used");
                    for (Path p : half) {
                        String key = p.getFileName().toString();
                        session.ingest(NarInfo.parse(Files.readString(p), key), key, source);
                    }
                    session.flush();
                    durable += session.drainDurable().size();
                }
            }
            workspace.close();
            assertThatThrownBy(() -> new PackingSession(warm, null, index, workspace))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
        assertThat(durable).isEqualTo(all.size());
        VerifyReport report = new TierAudit(warm, null, index, new TierAudit.Options(VerifyLevel.FULL, 100, 1, 2)).run();
        assertThat(report.findings()).isEmpty();
        assertThat(report.chunksVerified()).isEqualTo(index.stats().chunks()).isPositive();
    }

    @Test
    void aCorruptNarContributesNothingToAnyPack() throws Exception {
        Path cache = tmp.resolve("cache");
        copy(Corpus.cache(), cache);
        Path victimInfo = Corpus.narinfos().get(0);
        NarInfo victim = NarInfo.parse(Files.readString(victimInfo), victimInfo.getFileName().toString());
        Path nar = cache.resolve(victim.url());
        byte[] bytes = Files.readAllBytes(nar);
        bytes[bytes.length - 100] ^= 1;
        Files.write(nar, bytes);
        try (PackingSession session = new PackingSession(warm, index, config(512L << 20));
                BinaryCacheSource source = new LocalDirSource(cache)) {
            assertThatThrownBy(() -> session.ingest(victim, victimInfo.getFileName().toString(), source))
                    .isInstanceOf(TierpackException.class)
                    .hasMessageContaining(victim.url()).hasMessageContaining(victim.storePath().toString());
            session.flush();
            assertThat(session.published()).isEmpty();
            assertThat(session.drainDurable()).isEmpty();
        }
        Iterator<TierObject> all = warm.list("", null);
        assertThat(all.hasNext()).isFalse();
        assertThat(index.stats().chunks()).isZero();
    }

    @Test
    void verifyFullIsCleanAndNamesEveryDamagedPack() throws Exception {
        try (PackingSession session = new PackingSession(warm, index, config(8 << 20))) {
            ingestCorpus(session);
        }
        VerifyReport clean = new TierAudit(warm, null, index, new TierAudit.Options(VerifyLevel.FULL, 100, 1, 2)).run();
        assertThat(clean.findings()).isEmpty();
        assertThat(clean.packsRead()).isEqualTo(clean.packsWarm()).isPositive();
        assertThat(clean.chunksVerified()).isEqualTo(index.stats().chunks());

        List<Path> packs = blobs("packs");
        assertThat(packs).hasSizeGreaterThanOrEqualTo(3);
        flipByte(packs.get(0), 100);                     // inside the first segment
        truncate(packs.get(1));                          // a truncated pack
        Files.delete(packs.get(2));                      // a missing pack
        VerifyReport damaged = new TierAudit(warm, null, index, new TierAudit.Options(VerifyLevel.FULL, 100, 1, 2)).run();
        assertThat(damaged.ok()).isFalse();
        assertThat(damaged.findings()).extracting(PackFinding::kind)
                .contains("corrupt-pack", "length-mismatch", "missing-pack");
        assertThat(damaged.findings()).filteredOn(f -> f.kind().equals("corrupt-pack"))
                .allSatisfy(f -> {
                    assertThat(f.object()).endsWith(packs.get(0).getFileName().toString());
                    assertThat(f.chunks()).isNotEmpty();
                });
        VerifyReport indexOnly = new TierAudit(warm, null, index, new TierAudit.Options(VerifyLevel.INDEX_ONLY, 0, 1, 2)).run();
        assertThat(indexOnly.packsRead()).isZero();
        assertThat(indexOnly.findings()).extracting(PackFinding::kind).contains("length-mismatch", "missing-pack")
                .doesNotContain("corrupt-pack");
        assertThat(indexOnly.findings()).extracting(PackFinding::kind).doesNotContain("orphan-pack", "bad-index-object");

        // orphans: a pack nobody indexes (sorting first and last), and a pack whose index object is unusable
        String first = "packs/00/" + "0".repeat(32) + ".pack";
        String last = "packs/ff/" + "f".repeat(32) + ".pack";
        for (String key : List.of(first, last)) {
            s3.client().putObject(b -> b.bucket("warm").key(key), software.amazon.awssdk.core.sync.RequestBody.fromString("junk"));
        }
        Path bucket = s3.dataDir().resolve("blobs").resolve("warm");
        PackId damagedIndex = PackId.fromKey(bucket.relativize(packs.get(0)).toString()); // its pack is still there
        truncate(bucket.resolve(damagedIndex.indexKey()));
        String badPack = damagedIndex.objectKey();
        VerifyReport orphans = new TierAudit(warm, null, index, new TierAudit.Options(VerifyLevel.INDEX_ONLY, 0, 1, 2)).run();
        assertThat(orphans.findings()).filteredOn(f -> f.kind().equals("orphan-pack")).extracting(PackFinding::object)
                .containsExactly(first, badPack, last);
        assertThat(orphans.findings()).filteredOn(f -> f.kind().equals("bad-index-object")).hasSize(1);
    }

    private List<Path> blobs(String prefix) throws IOException {
        try (Stream<Path> s = Files.walk(s3.dataDir())) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().contains("/" + prefix + "/"))
                    .filter(p -> p.toString().endsWith(".pack")).sorted().toList();
        }
    }

    private static void flipByte(Path p, int offset) throws IOException {
        byte[] b = Files.readAllBytes(p);
        b[offset] ^= 0x20;
        Files.write(p, b);
    }

    private static void truncate(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length - 1000));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                    t.toFile().setWritable(true);
                }
            }
        }
    }
}
