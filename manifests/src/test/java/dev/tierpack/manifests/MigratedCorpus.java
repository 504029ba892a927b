package dev.tierpack.manifests;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.publish.MigrationSession;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.PackerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real-Nix corpus migrated once per test JVM into a warm tier on an embedded S3 server: data packs (8 MiB packs
 * of 1 MiB segments, so that store paths span packs and segments), manifest packs (small, so that there are several),
 * the chunk index and the catalog. Tests must not change it; they build their own state for destructive cases.
 */
public final class MigratedCorpus {
    private static MigratedCorpus instance;

    public final Path dir;
    public final EmbeddedS3 s3;
    public final Tier warm;
    public final ChunkIndex chunkIndex;
    public final Catalog catalog;
    /** Narinfo key (e.g. {@code abc.narinfo}) to narinfo, in corpus order. */
    public final Map<String, NarInfo> narinfos;
    public final int dataPacks;
    public final int manifestPacks;

    private MigratedCorpus(Path dir) throws IOException {
        this.dir = dir;
        this.s3 = EmbeddedS3.start(dir.resolve("s3"), 0);
        s3.createBucketIfMissing("warm");
        this.warm = tier(s3, "warm");
        this.chunkIndex = ChunkIndex.open(dir.resolve("chunk-index"));
        this.catalog = Catalog.open(dir.resolve("catalog"));
        Map<String, NarInfo> infos = new LinkedHashMap<>();
        try (BinaryCacheSource source = new LocalDirSource(Corpus.cache());
                MigrationSession session = new MigrationSession(warm, chunkIndex, catalog, packerConfig(dir.resolve("work")),
                        manifestPackConfig())) {
            for (Path p : Corpus.narinfos()) {
                String key = p.getFileName().toString();
                NarInfo info = NarInfo.parse(Files.readString(p), key);
                session.ingest(info, key, source);
                infos.put(key, info);
            }
            session.flush();
            this.dataPacks = session.dataPacks().size();
            this.manifestPacks = session.manifestPacks().size();
        }
        this.narinfos = java.util.Collections.unmodifiableMap(infos);
    }

    /** The shared migrated corpus (migrated on first use, torn down when the JVM exits). */
    public static synchronized MigratedCorpus get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("tierpack-migrated-corpus");
                instance = new MigratedCorpus(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public static Tier tier(EmbeddedS3 s3, String bucket) {
        return S3Tier.builder("warm", bucket).endpoint(s3.endpoint()).pathStyle(true)
                .credentials(s3.credentials().provider()).partSize(Tier.MIN_PART_SIZE).build();
    }

    public static PackerConfig packerConfig(Path work) {
        return new PackerConfig(ChunkerParams.of(16 << 10),
                new PackWriterConfig(8 << 20, 1 << 20, SegmentCompression.zstd(3), TierCode.WARM, ContentCode.DATA),
                1 << 20, work);
    }

    /** Small manifest packs (several for the corpus) of small segments. */
    public static PackWriterConfig manifestPackConfig() {
        return new PackWriterConfig(96 << 10, 16 << 10, SegmentCompression.zstd(3), TierCode.WARM, ContentCode.MANIFESTS);
    }

    public ReadBack readBack() {
        return readBack(ReassemblyConfig.defaults());
    }

    public ReadBack readBack(ReassemblyConfig config) {
        return new ReadBack(catalog, chunkIndex, ChunkTiers.warmOnly(warm), config);
    }

    public List<NarInfo> infos() {
        return new ArrayList<>(narinfos.values());
    }

    /** The corpus's original {@code .nar.xz} of a narinfo. */
    public static Path originalNar(NarInfo info) {
        return Corpus.cache().resolve(info.url());
    }

    private void close() {
        try {
            catalog.close();
            chunkIndex.close();
            warm.close();
            s3.close();
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
