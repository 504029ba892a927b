package dev.tierpack.manifests.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.MigratedCorpus;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.publish.MigrationSession;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.ingest.StorePathLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reassembly that must fail: the stream aborts with the store path named, and never ends in a complete wrong NAR. */
class ReassemblyFailureTest {
    @TempDir Path tmp;

    /** Stops counting bytes nowhere: records what a client would have received. */
    static final class Received extends java.io.OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Test
    void aNarHashMismatchAbortsBeforeTheLastByte() {
        MigratedCorpus corpus = MigratedCorpus.get();
        ReadBack readBack = corpus.readBack();
        NarInfo info = corpus.infos().getFirst();
        Manifest real = manifest(readBack, info);
        NixHash wrong = NixHash.hash(HashAlgorithm.SHA256, new byte[] {1});
        NarInfo lying = new NarInfo(info.storePath(), info.url(), info.compression(), info.fileHash(), info.fileSize(),
                wrong, info.narSize(), info.references(), info.deriver(), info.sigs(), info.ca(), info.unknownFields());
        Manifest m = new Manifest(lying, lying.toText(), real.placement(), real.layout());
        Received out = new Received();
        IntegrityException e = catchThrowableOfType(IntegrityException.class,
                () -> readBack.writeNar(m, out, new ReassemblyStats()));
        assertThat(e.getMessage()).contains("reassembled NAR does not match NarHash",
                "storePath=" + info.storePath(), "expected=" + wrong.toNix32String(), "actual=" + info.narHash().toNix32String());
        assertThat(out.bytes).isPositive().isLessThan(info.narSize());
    }

    @Test
    void aChunkMissingFromTheIndexAbortsNamingTheStorePath() {
        MigratedCorpus corpus = MigratedCorpus.get();
        ReadBack readBack = corpus.readBack();
        NarInfo info = corpus.infos().stream().filter(i -> i.narSize() > 1 << 20).findFirst().orElseThrow();
        Manifest real = manifest(readBack, info);
        List<List<ChunkRef>> files = new ArrayList<>();
        real.layout().files().forEach(f -> files.add(new ArrayList<>(f)));
        List<ChunkRef> last = files.stream().filter(f -> !f.isEmpty()).reduce((a, b) -> b).orElseThrow();
        ChunkRef victim = last.getLast();
        ChunkId unknown = ChunkId.of(NixHash.hash(HashAlgorithm.SHA256, new byte[] {7}).bytes());
        last.set(last.size() - 1, new ChunkRef(unknown, victim.length()));
        Manifest m = new Manifest(real.narInfo(), real.narInfoText(), real.placement(),
                new StorePathLayout(real.layout().entries(), files));
        Received out = new Received();
        IntegrityException e = catchThrowableOfType(IntegrityException.class,
                () -> readBack.writeNar(m, out, new ReassemblyStats()));
        assertThat(e.getMessage()).contains("chunk named by the manifest is not in the chunk index",
                "storePath=" + info.storePath(), "chunk=" + unknown);
        assertThat(out.bytes).isLessThan(info.narSize());
    }

    @Test
    void aCorruptSegmentOnTheTierAbortsNamingTheStorePathAndPack() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        corpus.s3.createBucketIfMissing("damaged");
        NarInfo info = corpus.infos().stream().filter(i -> i.narSize() > 1 << 20).findFirst().orElseThrow();
        String key = info.storePath().hashPart() + ".narinfo";
        try (Tier warm = MigratedCorpus.tier(corpus.s3, "damaged");
                ChunkIndex index = ChunkIndex.open(tmp.resolve("index"));
                Catalog catalog = Catalog.open(tmp.resolve("catalog"))) {
            try (BinaryCacheSource source = new LocalDirSource(Corpus.cache());
                    MigrationSession session = new MigrationSession(warm, index, catalog,
                            MigratedCorpus.packerConfig(tmp.resolve("work")), MigratedCorpus.manifestPackConfig())) {
                session.ingest(info, key, source);
                session.flush();
            }
            Path pack;
            try (Stream<Path> s = Files.walk(corpus.s3.dataDir().resolve("blobs").resolve("damaged"))) {
                pack = s.filter(p -> p.toString().contains("/packs/")).filter(Files::isRegularFile)
                        .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(pack);
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(pack, bytes);

            ReadBack readBack = new ReadBack(catalog, index, ChunkTiers.warmOnly(warm), ReassemblyConfig.defaults());
            CatalogEntry entry = readBack.lookup(info.storePath().hashPart()).orElseThrow();
            Received out = new Received();
            IntegrityException e = catchThrowableOfType(IntegrityException.class,
                    () -> readBack.writeNar(entry, out, new ReassemblyStats()));
            assertThat(e.getMessage()).contains("segment checksum mismatch", "storePath=" + info.storePath(),
                    "pack=packs/");
            assertThat(out.bytes).isLessThan(info.narSize());
        }
    }

    private static Manifest manifest(ReadBack readBack, NarInfo info) {
        try {
            return readBack.manifest(readBack.lookup(info.storePath().hashPart()).orElseThrow());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
