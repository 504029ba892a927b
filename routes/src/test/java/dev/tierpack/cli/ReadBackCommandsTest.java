package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.publish.ManifestPublisher;
import dev.tierpack.manifests.publish.MigrationSession;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.session.PackerConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code manifests reindex}, {@code manifests stats}, {@code nar} and {@code serve} against a warm tier holding
 * migrated corpus store paths: the state directory starts empty, so everything the commands use was rebuilt from
 * the tier.
 */
class ReadBackCommandsTest {
    @TempDir Path tmp;
    EmbeddedS3 s3;
    String warmUri;
    Path state;
    List<NarInfo> migrated;

    @BeforeEach
    void migrate() throws Exception {
        s3 = EmbeddedS3.start(tmp.resolve("s3"), 0);
        s3.createBucketIfMissing("warm");
        Path credentials = tmp.resolve("aws-credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = " + s3.credentials().accessKey()
                + "\naws_secret_access_key = " + s3.credentials().secretKey() + "\n");
        warmUri = "s3://warm?endpoint=" + s3.endpoint() + "&credentials-file=" + credentials;
        state = tmp.resolve("state");
        List<Path> infos = Corpus.narinfos().subList(0, 3);
        try (Tier warm = S3Tier.builder("warm", "warm").endpoint(s3.endpoint()).pathStyle(true)
                        .credentials(s3.credentials().provider()).partSize(Tier.MIN_PART_SIZE).build();
                ChunkIndex index = ChunkIndex.open(tmp.resolve("migration/chunk-index"));
                Catalog catalog = Catalog.open(tmp.resolve("migration/catalog"));
                BinaryCacheSource source = new LocalDirSource(Corpus.cache());
                MigrationSession session = new MigrationSession(warm, index, catalog,
                        PackerConfig.defaults(tmp.resolve("work")), ManifestPublisher.defaultPackConfig())) {
            List<NarInfo> done = new java.util.ArrayList<>();
            for (Path p : infos) {
                NarInfo info = NarInfo.parse(Files.readString(p), p.getFileName().toString());
                session.ingest(info, p.getFileName().toString(), source);
                done.add(info);
            }
            session.flush();
            migrated = done;
        }
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    @Test
    void reindexThenNarThenServeFromTheTierAlone() throws Exception {
        CliRun reindex = CliRun.run("manifests", "reindex", "--warm", warmUri, "--state-dir", state.toString());
        assertThat(reindex.status()).as(reindex.err()).isZero();
        assertThat(reindex.out()).contains("manifest packs: 1; manifests: 3 (0 rejected)", "catalog: 3 store paths (3 warm, 0 cold)");

        CliRun stats = CliRun.run("manifests", "stats", "--state-dir", state.toString());
        assertThat(stats.out()).contains("catalog: 3 store paths");

        NarInfo info = migrated.get(1);
        Path nar = tmp.resolve("x.nar");
        CliRun narRun = CliRun.run("nar", info.storePath().toString(), "--output", nar.toString(),
                "--warm", warmUri, "--state-dir", state.toString());
        assertThat(narRun.status()).as(narRun.err()).isZero();
        assertThat(Files.size(nar)).isEqualTo(info.narSize());
        assertThat(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(nar))).isEqualTo(info.narHash().bytes());
        assertThat(narRun.err()).contains("NarHash ok");

        CliRun missing = CliRun.run("nar", "00000000000000000000000000000000", "--output", nar + "2",
                "--warm", warmUri, "--state-dir", state.toString());
        assertThat(missing.status()).isEqualTo(ExitCode.PROBLEMS);
        assertThat(missing.err()).contains("not in the catalog");
        assertThat(Files.exists(Path.of(nar + "2"))).isFalse();

        ServingCli serving = ServingCli.start("--warm", warmUri, "--state-dir", state.toString());
        int port = serving.uri.getPort();
        try (serving) {
            assertThat(serving.banner).contains("serving http://127.0.0.1:" + port, "3 store paths");
            try (HttpClient client = HttpClient.newHttpClient()) {
                String hash = info.storePath().hashPart();
                HttpResponse<String> narinfo = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/" + hash + ".narinfo")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(narinfo.statusCode()).isEqualTo(200);
                assertThat(narinfo.body()).contains("URL: nar/" + hash + ".nar.zst\n", "Compression: zstd\n");
                HttpResponse<InputStream> zst = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/nar/" + hash + ".nar.zst")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = new ZstdInputStream(zst.body())) {
                    assertThat(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())).isEqualTo(info.narHash().bytes());
                }
            }
        }
        assertThat(serving.status()).as(serving.err()).isZero();
    }

    @Test
    void badServeOptionsAreUsageErrors() {
        CliRun gzip = CliRun.run("serve", "--compression", "gzip", "--state-dir", state.toString());
        assertThat(gzip.status()).isEqualTo(ExitCode.USAGE);
        assertThat(gzip.err()).contains("--compression must be zstd or none");
        CliRun listen = CliRun.run("serve", "--listen", "nowhere", "--state-dir", state.toString());
        assertThat(listen.status()).isEqualTo(ExitCode.USAGE);
        assertThat(listen.err()).contains("--listen must be HOST:PORT");
        CliRun tier = CliRun.run("nar", "x", "--warm", "ftp://x", "--state-dir", state.toString());
        assertThat(tier.status()).isEqualTo(ExitCode.USAGE);
        assertThat(tier.err()).contains("unsupported tier URI");
    }
}
