package dev.tierpack.manifests.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.manifests.MigratedCorpus;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.Digests;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.manifests.read.ReassemblyStats;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.RejectedIndexObject;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code manifests reindex}: the catalog and the chunk index rebuilt from the warm tier alone. */
class CatalogRebuilderTest {
    @TempDir Path tmp;

    @Test
    void aRebuiltCatalogEqualsTheIncrementalOneAndServesReadBack() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        List<RejectedIndexObject> rejected = new ArrayList<>();
        CatalogRebuilder.Result r = CatalogRebuilder.rebuild(corpus.warm, tmp.resolve("catalog"), tmp.resolve("index"),
                rejected::add);
        assertThat(rejected).isEmpty();
        assertThat(r.manifestPacks()).isEqualTo(corpus.manifestPacks);
        assertThat(r.manifests()).isEqualTo(corpus.narinfos.size());
        assertThat(r.chunkIndex().objects()).isEqualTo(corpus.dataPacks + corpus.manifestPacks);
        assertThat(r.chunkIndex().stats()).isEqualTo(corpus.chunkIndex.stats());

        List<CatalogEntry> expected = new ArrayList<>();
        corpus.catalog.forEach(expected::add);
        try (Catalog rebuilt = Catalog.open(tmp.resolve("catalog"));
                ChunkIndex index = ChunkIndex.open(tmp.resolve("index"))) {
            List<CatalogEntry> actual = new ArrayList<>();
            rebuilt.forEach(actual::add);
            assertThat(actual).isEqualTo(expected);
            assertThat(rebuilt.stats().storePaths()).isEqualTo(corpus.catalog.stats().storePaths());
            assertThat(rebuilt.stats().narBytes()).isEqualTo(corpus.catalog.stats().narBytes());
            for (NarInfo info : corpus.infos()) {
                assertThat(rebuilt.findByFileHash(info.fileHash().orElseThrow()).map(CatalogEntry::hashPart))
                        .contains(info.storePath().hashPart());
            }
            ReadBack readBack = new ReadBack(rebuilt, index, ChunkTiers.warmOnly(corpus.warm), ReassemblyConfig.defaults());
            for (NarInfo info : corpus.infos().subList(0, 4)) {
                Digests.Sink sink = new Digests.Sink();
                readBack.writeNar(readBack.lookup(info.storePath().toString()).orElseThrow(), sink, new ReassemblyStats());
                assertThat(sink.digest()).isEqualTo(info.narHash().bytes());
            }
        }
    }

    @Test
    void badIndexObjectsAreReportedAndSkipped() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        String bogus = "index/zz/00000000000000000000000000000000.idx";
        try (Upload up = corpus.warm.upload(bogus)) {
            try (OutputStream out = up.stream()) {
                out.write("not an index object".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            up.commit();
        }
        try {
            List<RejectedIndexObject> rejected = new ArrayList<>();
            CatalogRebuilder.Result r = CatalogRebuilder.rebuild(corpus.warm, tmp.resolve("catalog"),
                    tmp.resolve("index"), rejected::add);
            assertThat(rejected).singleElement().satisfies(x -> {
                assertThat(x.name()).isEqualTo(bogus);
                assertThat(x.reason()).contains("bad pack index object magic");
            });
            assertThat(r.manifests()).isEqualTo(corpus.narinfos.size());
        } finally {
            corpus.warm.delete(bogus);
        }
    }
}
