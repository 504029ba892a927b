package dev.tierpack.manifests.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.ForwardingTier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.manifests.MigratedCorpus;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.session.IngestedPath;
import dev.tierpack.packer.session.PackingSession;
import java.io.InputStream;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish order of FORMAT.md 5: data packs, then the manifest pack, then the catalog batch. */
class ManifestPublisherTest {
    @TempDir Path tmp;
    MigratedCorpus corpus;
    NarInfo info;

    @BeforeEach
    void setUp() {
        corpus = MigratedCorpus.get();
        info = corpus.infos().get(3);
    }

    /** Packs one store path's data into a fresh bucket and returns it, durable. */
    private IngestedPath packData(Tier warm, ChunkIndex index) throws Exception {
        try (BinaryCacheSource source = new LocalDirSource(Corpus.cache());
                PackingSession session = new PackingSession(warm, index, MigratedCorpus.packerConfig(tmp.resolve("work")))) {
            session.ingest(info, info.storePath().hashPart() + ".narinfo", source);
            session.flush();
            return session.drainDurable().getFirst();
        }
    }

    @Test
    void storePathsReachTheCatalogOnlyAfterTheirManifestPackIsPublished() throws Exception {
        corpus.s3.createBucketIfMissing("publisher");
        try (Tier warm = MigratedCorpus.tier(corpus.s3, "publisher");
                ChunkIndex index = ChunkIndex.open(tmp.resolve("index"));
                Catalog catalog = Catalog.open(tmp.resolve("catalog"))) {
            IngestedPath path = packData(warm, index);
            try (ManifestPublisher publisher = new ManifestPublisher(warm, index, catalog, MigratedCorpus.manifestPackConfig())) {
                ChunkId id = publisher.add(path);
                assertThat(catalog.find(info.storePath().hashPart())).isEmpty();
                assertThat(index.contains(id)).isFalse();
                publisher.flush();
                CatalogEntry entry = catalog.find(info.storePath().hashPart()).orElseThrow();
                assertThat(entry.manifest()).isEqualTo(id);
                assertThat(entry.placement()).isEqualTo(TierCode.WARM);
                assertThat(index.find(id).orElseThrow().packId()).isEqualTo(entry.manifestPack());
                try (InputStream in = warm.read(entry.manifestPack().indexKey())) {
                    assertThat(PackFormat.readIndexObject(in.readAllBytes(), "idx").content()).isEqualTo(ContentCode.MANIFESTS);
                }
                assertThat(publisher.drainCatalogued()).extracting(CatalogEntry::hashPart)
                        .containsExactly(info.storePath().hashPart());

                // the same manifest again: nothing new is stored, the catalog entry is unchanged
                assertThat(publisher.add(path)).isEqualTo(id);
                publisher.flush();
                assertThat(publisher.published()).hasSize(2);
                assertThat(publisher.published().get(1).pack()).isNull();
                assertThat(publisher.published().get(1).catalog().unchanged()).isEqualTo(1);
            }
        }
    }

    @Test
    void aManifestNamingAnUnpublishedChunkIsRefused() throws Exception {
        try (ChunkIndex empty = ChunkIndex.open(tmp.resolve("empty-index"));
                Catalog catalog = Catalog.open(tmp.resolve("catalog"));
                ManifestPublisher publisher = new ManifestPublisher(corpus.warm, empty, catalog,
                        MigratedCorpus.manifestPackConfig())) {
            Manifest m = corpus.readBack().manifest(corpus.catalog.find(info.storePath().hashPart()).orElseThrow());
            assertThatThrownBy(() -> publisher.add(m)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("manifest names a chunk that is not published")
                    .hasMessageContaining("storePath=" + info.storePath());
            assertThat(publisher.pending()).isZero();
        }
    }

    @Test
    void aFailedManifestPackLeavesTheCatalogUntouched() throws Exception {
        corpus.s3.createBucketIfMissing("failing");
        try (Tier warm = MigratedCorpus.tier(corpus.s3, "failing");
                ChunkIndex index = ChunkIndex.open(tmp.resolve("index"));
                Catalog catalog = Catalog.open(tmp.resolve("catalog"))) {
            IngestedPath path = packData(warm, index);
            Tier refusing = new ForwardingTier(warm) {
                @Override
                public Upload upload(String key) {
                    throw new dev.tierpack.core.error.TierException("injected outage", null, "failing", "upload", key,
                            503, "ServiceUnavailable", true, null);
                }
            };
            try (ManifestPublisher publisher = new ManifestPublisher(refusing, index, catalog,
                    MigratedCorpus.manifestPackConfig())) {
                assertThatThrownBy(() -> {
                    publisher.add(path);
                    publisher.flush();
                }).hasMessageContaining("injected outage");
            }
            assertThat(catalog.find(info.storePath().hashPart())).isEmpty();
            assertThat(catalog.stats().storePaths()).isZero();
        }
    }

}
