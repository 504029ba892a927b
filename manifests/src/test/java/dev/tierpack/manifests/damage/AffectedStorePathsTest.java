package dev.tierpack.manifests.damage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.MigratedCorpus;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.publish.ManifestPublisher;
import dev.tierpack.manifests.publish.MigrationSession;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReadBackCheck;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.upload.PackPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store paths named for a damaged pack are exactly those that no longer read back once the pack is gone: the
 * oracle is {@link ReadBackCheck} after deleting the pack from the tier, not the same manifest scan.
 */
class AffectedStorePathsTest {
    @TempDir Path tmp;
    EmbeddedS3 s3;
    Tier warm;
    ChunkIndex index;
    Catalog catalog;
    List<PackPublisher.Published> dataPacks;
    List<ManifestPublisher.Published> manifestPacks;

    @BeforeEach
    void migrate() throws Exception {
        s3 = EmbeddedS3.start(tmp.resolve("s3"), 0);
        s3.createBucketIfMissing("warm");
        warm = MigratedCorpus.tier(s3, "warm");
        index = ChunkIndex.open(tmp.resolve("chunk-index"));
        catalog = Catalog.open(tmp.resolve("catalog"));
        try (BinaryCacheSource source = new LocalDirSource(Corpus.cache());
                MigrationSession session = new MigrationSession(warm, index, catalog,
                        MigratedCorpus.packerConfig(tmp.resolve("work")), MigratedCorpus.manifestPackConfig())) {
            for (Path p : Corpus.narinfos()) {
                String key = p.getFileName().toString();
                session.ingest(NarInfo.parse(Files.readString(p), key), key, source);
            }
            session.flush();
            dataPacks = session.dataPacks();
            manifestPacks = session.manifestPacks();
        }
        assertThat(dataPacks).as("several data packs").hasSizeGreaterThan(2);
        assertThat(manifestPacks).as("several manifest packs").hasSizeGreaterThan(1);
    }

    @AfterEach
    void close() {
        catalog.close();
        index.close();
        warm.close();
        s3.close();
    }

    private ReadBack readBack() {
        return new ReadBack(catalog, index, ChunkTiers.warmOnly(warm), ReassemblyConfig.defaults());
    }

    private Set<String> unreadable() {
        ReadBackCheck check = ReadBackCheck.run(readBack(), catalog);
        Set<String> out = new TreeSet<>();
        check.failures().forEach(f -> out.add(f.substring(0, f.indexOf(": "))));
        assertThat(out).hasSize((int) (check.catalogued() - check.verified()));
        return out;
    }

    private static Set<String> paths(List<AffectedStorePath> affected) {
        Set<String> out = new TreeSet<>();
        affected.forEach(a -> out.add(a.storePath()));
        return out;
    }

    @Test
    void nothingIsAffectedWithoutDamage() {
        assertThat(new AffectedStorePaths(catalog, index, readBack()).find(new Damage(Map.of()))).isEmpty();
        assertThat(unreadable()).isEmpty();
    }

    @Test
    void aMissingDataPackNamesExactlyTheStorePathsThatNoLongerReadBack() {
        PackId victim = PackId.fromKey(dataPacks.get(dataPacks.size() / 2).packKey());
        List<AffectedStorePath> affected = new AffectedStorePaths(catalog, index, readBack())
                .find(new Damage(Map.of(victim, Set.of())));
        assertThat(affected).isNotEmpty().allSatisfy(a -> {
            assertThat(a.reason()).isEqualTo("chunks-damaged");
            assertThat(a.packs()).containsExactly(victim.objectKey());
            assertThat(a.chunks()).isNotEmpty();
        });

        warm.delete(victim.objectKey());
        assertThat(paths(affected)).isEqualTo(unreadable());
    }

    @Test
    void aDamagedChunkNamesOnlyTheStorePathsThatNeedIt() {
        PackId pack = PackId.fromKey(dataPacks.getFirst().packKey());
        List<AffectedStorePath> wholePack = new AffectedStorePaths(catalog, index, readBack())
                .find(new Damage(Map.of(pack, Set.of())));
        String chunk = wholePack.getFirst().chunks().getFirst();
        List<AffectedStorePath> one = new AffectedStorePaths(catalog, index, readBack())
                .find(new Damage(Map.of(pack, Set.of(ChunkId.fromHex(chunk)))));
        assertThat(one).isNotEmpty().allSatisfy(a -> assertThat(a.chunks()).containsExactly(chunk));
        assertThat(paths(wholePack)).containsAll(paths(one));
        assertThat(paths(one)).contains(wholePack.getFirst().storePath());
    }

    @Test
    void aMissingManifestPackNamesTheStorePathsWhoseManifestsItHeld() {
        PackId victim = PackId.fromKey(manifestPacks.getFirst().pack().packKey());
        List<AffectedStorePath> affected = new AffectedStorePaths(catalog, index, readBack())
                .find(new Damage(Map.of(victim, Set.of())));
        assertThat(affected).isNotEmpty().allSatisfy(a -> assertThat(a.reason()).isEqualTo("manifest-damaged"));
        assertThat(affected).hasSize(manifestPacks.getFirst().manifests());

        warm.delete(victim.objectKey());
        assertThat(paths(affected)).isEqualTo(unreadable());
    }
}
