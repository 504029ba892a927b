package dev.tierpack.manifests;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.ArchiveS3Layer;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.testing.MutableClock;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.publish.ManifestPublisher;
import dev.tierpack.manifests.publish.MigrationSession;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.pack.PackResult;
import dev.tierpack.packer.pack.PackWriter;
import dev.tierpack.packer.session.IngestedPath;
import dev.tierpack.packer.upload.PackPublisher;
import dev.tierpack.packer.upload.TierRangeSource;
import java.util.HashSet;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.PackingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small two-tier migration of the real-Nix corpus, for restore tests: the three {@code stdenv-linux} paths warm,
 * the two {@code prettier-*.tgz} source tarballs (no references, so {@code nix copy} of one needs nothing else) cold.
 * Cold data packs (small, so each tarball spans several) are published on the cold tier, their index objects and the
 * manifests warm, as placement will ({@link #migrateCold}); the cold tier is an {@link S3Tier} writing {@code DEEP_ARCHIVE} through an {@link ArchiveS3Layer}, so the
 * packs are archived as on AWS and are uploaded with Content-MD5/ETag checks instead of read-back. One per test class.
 */
public final class ColdCorpus implements AutoCloseable {
    public static final Set<String> COLD_NAMES = Set.of("prettier-3.3.3.tgz", "prettier-3.1.1.tgz");
    public static final String WARM_NAME = "stdenv-linux";

    public final EmbeddedS3 s3;
    public final MutableClock clock = MutableClock.startingNow();
    public final ArchiveS3Layer layer;
    public final Tier warm;
    public final Tier cold;
    public final ChunkIndex chunkIndex;
    public final Catalog catalog;
    /** Store path (full) to narinfo, warm ones first. */
    public final Map<String, NarInfo> warmPaths = new LinkedHashMap<>();
    public final Map<String, NarInfo> coldPaths = new LinkedHashMap<>();
    public final int coldPacks;

    private static ColdCorpus shared;

    /**
     * One instance per test JVM (migrated on first use, torn down when the JVM exits). Tests sharing it start with
     * {@link #forgetRestores()} and count layer calls relative to their start.
     */
    public static synchronized ColdCorpus shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("tierpack-cold-corpus");
            shared = new ColdCorpus(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.close();
                } catch (Exception e) {
                    // best effort at exit
                } finally {
                    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }));
        }
        return shared;
    }

    /** Moves the clock 60 days on: every restore started earlier has completed and its copy expired (archived again). */
    public void forgetRestores() {
        clock.advance(java.time.Duration.ofDays(60));
    }

    public ColdCorpus(Path dir) throws IOException {
        this.s3 = EmbeddedS3.start(dir.resolve("s3"), 0);
        s3.createBucketIfMissing("warm");
        s3.createBucketIfMissing("cold");
        this.layer = ArchiveS3Layer.start(s3, clock);
        this.warm = MigratedCorpus.tier(s3, "warm");
        this.cold = coldTier(s3, layer);
        this.chunkIndex = ChunkIndex.open(dir.resolve("chunk-index"));
        this.catalog = Catalog.open(dir.resolve("catalog"));
        List<Path> warmInfos = new ArrayList<>();
        List<Path> coldInfos = new ArrayList<>();
        for (Path p : Corpus.narinfos()) {
            String storePath = Files.readAllLines(p).stream().filter(l -> l.startsWith("StorePath: ")).findFirst()
                    .orElseThrow();
            if (COLD_NAMES.stream().anyMatch(n -> storePath.endsWith("-" + n))) {
                coldInfos.add(p);
            } else if (storePath.endsWith("-" + WARM_NAME)) {
                warmInfos.add(p);
            }
        }
        try (BinaryCacheSource source = new LocalDirSource(Corpus.cache())) {
            try (MigrationSession session = new MigrationSession(warm, chunkIndex, catalog,
                    MigratedCorpus.packerConfig(dir.resolve("work-warm")), MigratedCorpus.manifestPackConfig())) {
                for (Path p : warmInfos) {
                    NarInfo info = ingest(p, source, session::ingest);
                    warmPaths.put(info.storePath().toString(), info);
                }
                session.flush();
            }
            this.coldPacks = migrateCold(dir, coldInfos, source);
        }
        if (warmPaths.size() != 3 || coldPaths.size() != 2) {
            throw new IllegalStateException("corpus changed: warm=" + warmPaths.keySet() + " cold=" + coldPaths.keySet());
        }
    }

    /**
     * Cold placement without the placement work: the cold paths are packed into a scratch warm bucket with their own
     * chunk index, then their new chunks are re-packed, in layout order, into cold-coded packs on the cold tier
     * (index objects warm, {@link PackPublisher} as in a campaign), and their manifests published warm.
     */
    private int migrateCold(Path dir, List<Path> infos, BinaryCacheSource source) throws IOException {
        s3.createBucketIfMissing("scratch");
        List<IngestedPath> paths = new ArrayList<>();
        try (Tier scratch = MigratedCorpus.tier(s3, "scratch");
                ChunkIndex scratchIndex = ChunkIndex.open(dir.resolve("scratch-index"));
                PackingSession packing = new PackingSession(scratch, scratchIndex,
                        MigratedCorpus.packerConfig(dir.resolve("work-scratch")))) {
            for (Path p : infos) {
                NarInfo info = ingest(p, source, packing::ingest);
                coldPaths.put(info.storePath().toString(), info);
            }
            packing.flush();
            paths.addAll(packing.drainDurable());
            PackPublisher publisher = new PackPublisher(warm, chunkIndex);
            Set<ChunkId> added = new HashSet<>();
            PackWriter writer = null;
            Upload upload = null;
            int packs = 0;
            for (IngestedPath path : paths) {
                for (List<ChunkRef> file : path.layout().files()) {
                    for (ChunkRef ref : file) {
                        if (chunkIndex.contains(ref.id()) || !added.add(ref.id())) {
                            continue;
                        }
                        ChunkLocation at = scratchIndex.find(ref.id()).orElseThrow();
                        byte[] bytes = LocatedChunkReader.read(new TierRangeSource(scratch, at.packKey()), ref.id(), at);
                        if (writer == null) {
                            PackId id = PackId.generate();
                            upload = cold.upload(id.objectKey());
                            writer = PackWriter.start(upload.stream(), COLD_PACKS, id, System.currentTimeMillis());
                        }
                        writer.add(ref.id(), bytes, 0, bytes.length);
                        if (writer.isFull()) {
                            seal(publisher, writer, upload);
                            packs++;
                            writer = null;
                        }
                    }
                }
            }
            if (writer != null) {
                seal(publisher, writer, upload);
                packs++;
            }
            try (ManifestPublisher manifests = new ManifestPublisher(warm, chunkIndex, catalog,
                    MigratedCorpus.manifestPackConfig())) {
                manifests.addAll(paths);
                manifests.flush();
            }
            return packs;
        }
    }

    private void seal(PackPublisher publisher, PackWriter writer, Upload upload) throws IOException {
        PackResult result = writer.finish();
        try (upload) {
            upload.stream().close();
            publisher.publish(cold, upload, result);
        }
    }

    private interface Ingest {
        void ingest(NarInfo info, String key, BinaryCacheSource source) throws IOException;
    }

    private static NarInfo ingest(Path p, BinaryCacheSource source, Ingest to) throws IOException {
        String key = p.getFileName().toString();
        NarInfo info = NarInfo.parse(Files.readString(p), key);
        to.ingest(info, key, source);
        return info;
    }

    /** The cold tier: DEEP_ARCHIVE through the archive layer. */
    public static Tier coldTier(EmbeddedS3 s3, ArchiveS3Layer layer) {
        return S3Tier.builder("cold", "cold").endpoint(layer.endpoint()).pathStyle(true)
                .credentials(s3.credentials().provider()).storageClass("DEEP_ARCHIVE").partSize(Tier.MIN_PART_SIZE)
                .build();
    }

    /** Cold data packs of 512 KiB, 64 KiB segments. */
    public static final PackWriterConfig COLD_PACKS =
            new PackWriterConfig(512 << 10, 64 << 10, SegmentCompression.zstd(3), TierCode.COLD, ContentCode.DATA);

    public ReadBack readBack() {
        return new ReadBack(catalog, chunkIndex, new ChunkTiers(warm, cold), ReassemblyConfig.defaults());
    }

    public List<String> cold() {
        return List.copyOf(coldPaths.keySet());
    }

    @Override
    public void close() throws Exception {
        try (AutoCloseable a = s3; AutoCloseable b = layer; AutoCloseable c = warm; AutoCloseable d = cold;
                AutoCloseable e = chunkIndex; AutoCloseable f = catalog) {
            // closed in reverse order
        }
    }
}
