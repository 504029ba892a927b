package dev.tierpack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.campaign.records.RecordCodec;
import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.DirectorySink;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.ingest.NarIngest;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.placement.PlacementPolicy;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.core.tier.Tiers;
import dev.tierpack.kafka.EmbeddedKafka;
import dev.tierpack.kafka.TopicReader;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReadBackCheck;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.ingest.ChunkStaging;
import dev.tierpack.packer.ingest.Decomposer;
import dev.tierpack.packer.read.NarAssembler;
import dev.tierpack.packer.upload.TierRangeSource;
import dev.tierpack.packer.verify.TierAudit;
import dev.tierpack.packer.verify.VerifyLevel;
import dev.tierpack.packer.verify.VerifyReport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real services for campaign tests: an embedded S3 server (holding the tiers' buckets) and an embedded Kafka broker
 * in the test JVM, shared by every test class of the run ({@link #shared()}; each test uses its own campaign name,
 * buckets and state dir), a generated binary cache in a directory ({@code file://} source), and the checks every
 * campaign test makes at the end.
 */
public final class CampaignTestbed implements AutoCloseable {
    /** The shared cache: about 900 store paths of a few KiB each. */
    public static final int PACKAGES = 180;

    private static CampaignTestbed shared;
    private static Path sharedCache;
    private static GeneratedCache sharedGenerated;

    public final Path root;
    public final EmbeddedS3 s3;
    public final EmbeddedKafka kafka;

    private CampaignTestbed(Path root, EmbeddedS3 s3, EmbeddedKafka kafka) {
        this.root = root;
        this.s3 = s3;
        this.kafka = kafka;
    }

    /** The services of this test run, started on first use and stopped when the JVM exits. */
    public static synchronized CampaignTestbed shared() throws IOException {
        if (shared == null) {
            Path root = Files.createTempDirectory("tierpack-campaign-tests");
            shared = start(root);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.close();
                deleteTree(root);
            }));
        }
        return shared;
    }

    /** The shared generated cache (never modify it: copy it with {@link #copyTree}). */
    public synchronized Path cache() throws IOException {
        if (sharedCache == null) {
            Path dir = root.resolve("cache");
            sharedGenerated = generate(dir, 11, PACKAGES, 6, 0.02);
            sharedCache = dir;
        }
        return sharedCache;
    }

    public synchronized GeneratedCache generated() throws IOException {
        cache();
        return sharedGenerated;
    }

    public static CampaignTestbed start(Path root) {
        EmbeddedS3 s3 = EmbeddedS3.start(root.resolve("services/s3"), 0);
        try {
            return new CampaignTestbed(root, s3, EmbeddedKafka.start(root.resolve("services/kafka"), 3));
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    /** A generated, signed cache in {@code dir}. */
    public static GeneratedCache generate(Path dir, long seed, int packages, int bumps, double sizeScale) throws IOException {
        Files.createDirectories(dir);
        java.util.Set<Integer> mass = bumps >= 3 ? java.util.Set.of(3) : java.util.Set.of();
        GeneratorSpec spec = new GeneratorSpec(seed, packages, bumps, mass, 0.4, sizeScale, "test.tierpack.dev-1");
        return new CacheGenerator(spec, SecretKey.generate("test.tierpack.dev-1")).generate(new DirectorySink(dir));
    }

    public String bootstrap() {
        return kafka.bootstrapServers();
    }

    public Path credentialsFile() {
        return s3.dataDir().resolve("credentials.properties");
    }

    /** The warm tier of campaign {@code name} as a {@code --warm} URI: MinIO-type on this server, bucket {@code <name>-warm}. */
    public String warmUri(String name) {
        return "minio://" + s3.endpoint().getHost() + ":" + s3.endpoint().getPort() + "/" + name + "-warm?credentials-file="
                + credentialsFile();
    }

    /** Writes this server's keys to {@code file} as an AWS shared credentials file (profile default), for s3:// URIs. */
    public Path awsCredentialsFile(Path file) throws IOException {
        return Files.writeString(file, "[default]\naws_access_key_id = " + s3.credentials().accessKey()
                + "\naws_secret_access_key = " + s3.credentials().secretKey() + "\n");
    }

    /** The CLI options that point a run at these services, with buckets {@code <name>-warm} and {@code <name>-cold}. */
    public List<String> serviceArgs(String name) {
        s3.createBucketIfMissing(name + "-warm");
        s3.createBucketIfMissing(name + "-cold");
        return List.of("--kafka-bootstrap", bootstrap(), "--tier-endpoint", s3.endpoint().toString(),
                "--tier-credentials-file", credentialsFile().toString(), "--warm-bucket", name + "-warm",
                "--cold-bucket", name + "-cold");
    }

    /**
     * Default settings of campaign {@code name} migrating the directory {@code cache} (a {@code file://} source) on
     * these services: this broker, and warm and cold tiers in fresh buckets {@code <name>-warm} and {@code <name>-cold}
     * of this S3 server (created here).
     */
    public RuntimeSettings settings(String name, Path cache, Path stateDir) {
        return settings(name, cache, stateDir, s3.endpoint(), null);
    }

    /**
     * {@link #settings(String, Path, Path)} with the cold tier reached at {@code coldEndpoint} (this server's, or a
     * layer in front of it such as {@code ArchiveS3Layer}) and written in storage class {@code coldClass} (null: the
     * server's default).
     */
    public RuntimeSettings settings(String name, Path cache, Path stateDir, URI coldEndpoint, String coldClass) {
        return settings(name, SourceUri.parse(cache.toUri().toString()), stateDir, coldEndpoint, coldClass);
    }

    /** {@link #settings(String, Path, Path, URI, String)} migrating {@code source} (e.g. a bucket of this server). */
    public RuntimeSettings settings(String name, SourceUri source, Path stateDir, URI coldEndpoint, String coldClass) {
        s3.createBucketIfMissing(name + "-warm");
        s3.createBucketIfMissing(name + "-cold");
        TierCredentials creds = new TierCredentials.KeyFile(credentialsFile());
        return RuntimeSettings.defaults(name, new RuntimeSettings.SourceChoice.Uri(source), stateDir)
                .withKafka(bootstrap())
                .withTiers(new RuntimeSettings.TierChoice.Spec(
                                new TierSpec.S3("warm", name + "-warm", null, "us-east-1", s3.endpoint(), null, creds)),
                        new RuntimeSettings.TierChoice.Spec(
                                new TierSpec.S3("cold", name + "-cold", null, "us-east-1", coldEndpoint, coldClass, creds)));
    }

    /**
     * Issue 6's campaign on the corpus: campaign {@code name} migrating a copy of the corpus ({@code dir/cache}, state
     * in {@code dir/state}) with the closure of bump {@code bump} and every fixed output hot, 4 MiB packs, batches of
     * 30 store paths (at most 200 ms old), two partitions, and the cold tier (DEEP_ARCHIVE) at {@code coldEndpoint}.
     */
    public RuntimeSettings corpusCampaign(String name, Path dir, int bump, URI coldEndpoint) throws IOException {
        Path cache = dir.resolve("cache");
        copyTree(Corpus.cache(), cache);
        return settings(name, cache, dir.resolve("state"), coldEndpoint, "DEEP_ARCHIVE")
                .withListing(10, Duration.ofMillis(5), 4)
                .withBatching(30, Duration.ofMillis(200))
                .withPartitions(2)
                .withPackSize(4 << 20)
                .withPlacement(corpusBumpHot(bump));
    }

    /**
     * Writes campaign file {@code file} for these services: campaign {@code name} migrating the directory {@code cache}
     * with state in {@code stateDir}, this broker, the warm tier a MinIO-type tier on this S3 server, the cold tier an
     * S3-type tier (DEEP_ARCHIVE) at {@code coldEndpoint} (this server's, or a layer in front of it), in buckets
     * {@code <name>-warm} and {@code <name>-cold} (created here); then {@code sections}, one line each (budget,
     * packing, placement, ...).
     */
    public Path campaignFile(Path file, String name, Path cache, Path stateDir, URI coldEndpoint, String... sections)
            throws IOException {
        s3.createBucketIfMissing(name + "-warm");
        s3.createBucketIfMissing(name + "-cold");
        String warmEndpoint = s3.endpoint().getHost() + ":" + s3.endpoint().getPort();
        List<String> lines = new ArrayList<>(List.of(
                "name: " + name,
                "source: " + cache.toUri(),
                "stateDir: " + stateDir,
                "kafka: { bootstrap: \"" + bootstrap() + "\" }",
                "tiers:",
                "  warm: { type: minio, endpoint: \"" + warmEndpoint + "\", bucket: " + name + "-warm, tls: false,"
                        + " credentialsFile: " + credentialsFile() + " }",
                "  cold: { type: s3, endpoint: \"" + coldEndpoint + "\", bucket: " + name + "-cold, region: us-east-1,"
                        + " storageClass: DEEP_ARCHIVE, credentialsFile: " + credentialsFile() + " }"));
        lines.addAll(List.of(sections));
        lines.add("");
        return Files.writeString(file, String.join("\n", lines));
    }

    /** Runs {@code settings}' campaign in this thread's stead until it ends (at most {@code timeout}); closes it. */
    public static CampaignRuntime.Result runToEnd(
            RuntimeSettings settings, Duration timeout) throws Exception {
        try (CampaignRuntime runtime = CampaignRuntime.open(
                settings, BudgetHook.NONE)) {
            CompletableFuture<CampaignRuntime.Result> run =
                    CompletableFuture.supplyAsync(() -> {
                        try {
                            return runtime.run();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Issue 6's placement on the corpus: the closure of bump {@code bump} hot, and every fixed output. */
    public static PlacementPolicy corpusBumpHot(int bump) {
        return new PlacementPolicy(List.of(Corpus.channelBump(bump)),
                OptionalInt.empty(), true, Optional.empty(), 1, List.of(), Optional.empty());
    }

    public Tier warm(String name) {
        return Tiers.open(new TierSpec.Embedded("warm", s3, name + "-warm"));
    }

    public Tier cold(String name) {
        return Tiers.open(new TierSpec.Embedded("cold", s3, name + "-cold", "DEEP_ARCHIVE"));
    }

    /** Every committed progress event of the campaign, in topic order (compaction has not run on test topics). */
    public List<ProgressEvent> progressEvents(String campaign) {
        List<ProgressEvent> out = new ArrayList<>();
        try (TopicReader r = new TopicReader(bootstrap())) {
            r.readToEnd(new CampaignTopics(campaign).progress(), Map.of(),
                    rec -> out.add(RecordCodec.progress(rec.value(), rec.topic() + "@" + rec.offset())), true,
                    Duration.ofMinutes(1));
        }
        return out;
    }

    /** Published events per store path hash. */
    public static Map<String, Integer> publishedCounts(List<ProgressEvent> events) {
        Map<String, Integer> counts = new HashMap<>();
        for (ProgressEvent e : events) {
            if (e.kind() == ProgressEvent.Kind.PUBLISHED) {
                counts.merge(e.hashPart(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The narinfos of a cache directory. */
    public static List<Path> narinfos(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".narinfo")).sorted().toList();
        }
    }

    /** {@code packer verify --full} over both tiers of {@code name} against the chunk index of {@code stateDir}. */
    public VerifyReport verifyFull(String name, Path stateDir) throws IOException {
        try (Tier w = warm(name); Tier c = cold(name); ChunkIndex index = ChunkIndex.open(stateDir.resolve("chunk-index"))) {
            return new TierAudit(w, c, index, new TierAudit.Options(VerifyLevel.FULL, 100, 1, 2)).run();
        }
    }

    /**
     * Checks the migrated store paths against the source: every chunk of every store path given is in the chunk
     * index, and {@code sample} of them (seeded choice) reassemble from the warm tier to their NarHash.
     */
    public void assertMigrated(String name, Path cache, Path stateDir, List<Path> narinfos, int sample) throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        double p = narinfos.isEmpty() ? 0 : Math.min(1.0, (double) sample / narinfos.size());
        Decomposer decomposer = new Decomposer(ChunkerParams.DEFAULT);
        int reassembled = 0;
        try (Tier w = warm(name); ChunkIndex index = ChunkIndex.open(stateDir.resolve("chunk-index"));
                LocalDirSource source = new LocalDirSource(cache);
                ChunkStaging none = new ChunkStaging(0, Files.createDirectories(stateDir.resolve("scratch")))) {
            for (Path f : narinfos) {
                String key = f.getFileName().toString();
                NarInfo info = NarInfo.parse(Files.readString(f), key);
                Decomposer.Result layout = new NarIngest(source).read(info, key, reader -> decomposer.decompose(reader, id -> true, none));
                for (List<ChunkRef> file : layout.layout().files()) {
                    for (ChunkRef ref : file) {
                        assertThat(index.contains(ref.id())).as("chunk of %s in the chunk index", info.storePath()).isTrue();
                    }
                }
                if (rnd.nextDouble() < p) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    long[] size = {0};
                    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            size[0] += len;
                            super.write(b, off, len);
                        }

                        @Override
                        public void write(int b) throws IOException {
                            size[0]++;
                            super.write(b);
                        }
                    }) {
                        NarAssembler.write(layout.layout(), id -> {
                            ChunkLocation at = index.find(id).orElseThrow();
                            return LocatedChunkReader.read(new TierRangeSource(w, at.packKey()), id, at);
                        }, out);
                    }
                    assertThat(size[0]).as("NAR size of %s", info.storePath()).isEqualTo(info.narSize());
                    assertThat(sha.digest()).as("NarHash of %s", info.storePath()).isEqualTo(info.narHash().bytes());
                    reassembled++;
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        assertThat(reassembled).as("store paths reassembled").isPositive();
    }

    /**
     * Every store path of {@code narinfos} is in the campaign's catalog exactly once (and nothing else is), and every
     * catalogued store path reassembles from its manifest to its NarHash and NarSize.
     */
    public void assertCatalogued(String name, Path stateDir, List<Path> narinfos) {
        try (Tier w = warm(name); Tier c = cold(name)) {
            assertCatalogued(stateDir, narinfos, w, c);
        }
    }

    /** {@link #assertCatalogued(String, Path, List)} with tiers held elsewhere (e.g. on a server of the test's own). */
    public static void assertCatalogued(Path stateDir, List<Path> narinfos, Tier w, Tier c) {
        Set<String> expected = new HashSet<>();
        for (Path f : narinfos) {
            expected.add(f.getFileName().toString().replace(".narinfo", ""));
        }
        List<String> catalogued = new ArrayList<>();
        try (ChunkIndex index = ChunkIndex.open(stateDir.resolve("chunk-index"));
                Catalog catalog = Catalog.open(stateDir.resolve("catalog"))) {
            catalog.forEach(e -> catalogued.add(e.hashPart()));
            assertThat(catalogued).as("catalogued store paths").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(catalog.stats().storePaths()).as("catalog totals").isEqualTo(expected.size());
            ReadBackCheck check = ReadBackCheck.run(new ReadBack(catalog, index, new ChunkTiers(w, c),
                    ReassemblyConfig.defaults()), catalog);
            assertThat(check.failures()).as("read-back failures").isEmpty();
            assertThat(check.verified()).as("store paths read back to their NarHash").isEqualTo(expected.size());
        }
    }

    /** Copies a directory tree (e.g. the shared cache before damaging it). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            s3.close();
        }
    }
}
