package dev.tierpack.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.s3.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@link S3Source} behaviour beyond the shared contract: credentials, access errors, placeholders. */
class S3SourceTest {
    @TempDir
    static Path dataDir;

    static EmbeddedS3 server;

    @BeforeAll
    static void start() {
        server = EmbeddedS3.start(dataDir, 0);
        server.createBucketIfMissing("cache");
        for (String key : List.of("nix-cache-info", "nar/a.nar.xz", "nar/b.nar.xz")) {
            server.client().putObject(b -> b.bucket("cache").key(key), RequestBody.fromString("content of " + key));
        }
        server.client().putObject(b -> b.bucket("cache").key("nar/"), RequestBody.empty()); // console-style folder
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String uri(String bucket, String query) {
        return "s3://" + bucket + "/?endpoint=" + URLEncoder.encode(server.endpoint().toString(), StandardCharsets.UTF_8)
                + (query.isEmpty() ? "" : "&" + query);
    }

    private static List<String> keys(BinaryCacheSource s) {
        List<String> out = new ArrayList<>();
        s.list(null).forEachRemaining(o -> out.add(o.key()));
        return out;
    }

    @Test
    void readsWithCredentialsFromAnAwsIniFile(@TempDir Path dir) throws IOException {
        Credentials c = server.credentials();
        Path file = dir.resolve("aws-credentials");
        Files.writeString(file, """
                [default]
                aws_access_key_id = nobody
                aws_secret_access_key = wrong

                [tierpack]
                aws_access_key_id = %s
                aws_secret_access_key = %s
                """.formatted(c.accessKey(), c.secretKey()));
        String q = "credentials-file=" + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8);
        try (BinaryCacheSource s = BinaryCacheSources.open(uri("cache", q + "&profile=tierpack"))) {
            assertThat(keys(s)).containsExactly("nar/a.nar.xz", "nar/b.nar.xz", "nix-cache-info");
            assertThat(s.describe()).doesNotContain(c.secretKey());
            try (InputStream in = s.open("nix-cache-info")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("content of nix-cache-info");
            }
        }
        // the default section holds wrong keys: the server refuses them
        try (BinaryCacheSource s = BinaryCacheSources.open(uri("cache", q))) {
            assertThatThrownBy(() -> keys(s))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("cannot list objects")
                    .hasMessageContaining("status=403")
                    .hasMessageContaining("source=" + s.describe());
            assertThatThrownBy(() -> s.open("nix-cache-info"))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("status=403")
                    .hasMessageContaining("key=nix-cache-info");
            assertThatThrownBy(() -> s.head("nix-cache-info"))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("status=403");
        }
    }

    @Test
    void unusableCredentialsFailWhenOpening(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("creds"), "[default]\naws_access_key_id = a\naws_secret_access_key = b\n");
        String q = "credentials-file=" + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BinaryCacheSources.open(uri("cache", q + "&profile=absent")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot load S3 credentials")
                .hasMessageContaining("s3://cache/");
        String missing = "credentials-file=" + URLEncoder.encode(dir.resolve("nope").toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BinaryCacheSources.open(uri("cache", missing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot load S3 credentials");
    }

    @Test
    void missingBucketIsASourceErrorNotAnEmptyCache() {
        try (BinaryCacheSource s = new S3Source(((SourceUri.S3) SourceUri.parse(uri("no-such-bucket", "")))
                .withCredentials(new SourceCredentials.Static(server.credentials())))) {
            assertThatThrownBy(() -> keys(s))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("code=NoSuchBucket")
                    .hasMessageContaining("s3://no-such-bucket/");
            assertThatThrownBy(() -> s.open("nix-cache-info"))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("code=NoSuchBucket")
                    .hasMessageContaining("key=nix-cache-info");
        }
    }

    @Test
    void skipsFolderPlaceholdersButReportsEtags() {
        try (BinaryCacheSource s = new S3Source(((SourceUri.S3) SourceUri.parse(uri("cache", "")))
                .withCredentials(new SourceCredentials.Static(server.credentials())))) {
            List<SourceObject> all = new ArrayList<>();
            s.list(null).forEachRemaining(all::add);
            assertThat(all).extracting(SourceObject::key).containsExactly("nar/a.nar.xz", "nar/b.nar.xz", "nix-cache-info");
            assertThat(all).allSatisfy(o -> assertThat(o.etag()).matches("[0-9a-f]{32}"));
            assertThat(s.head("nar/a.nar.xz")).get().extracting(SourceObject::etag).isEqualTo(all.getFirst().etag());
        }
    }

    @Test
    void streamsClosedEarlyLeaveTheSourceUsable() throws IOException {
        byte[] big = new byte[8 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);
        server.client().putObject(b -> b.bucket("cache").key("nar/big.nar"), RequestBody.fromBytes(big));
        try (BinaryCacheSource s = new S3Source(((SourceUri.S3) SourceUri.parse(uri("cache", "")))
                .withCredentials(new SourceCredentials.Static(server.credentials())))) {
            for (int i = 0; i < 5; i++) { // each early close aborts its connection; later requests must still work
                try (InputStream in = s.open("nar/big.nar")) {
                    assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(big, 10));
                }
            }
            try (InputStream in = s.openRange("nar/big.nar", 5_000_000, 3)) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(big, 5_000_000, 5_000_003));
            }
        } finally {
            server.client().deleteObject(b -> b.bucket("cache").key("nar/big.nar"));
        }
    }
}
