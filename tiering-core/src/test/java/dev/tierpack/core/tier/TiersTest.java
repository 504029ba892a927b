package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link Tiers#open} for each kind of {@link TierSpec}, against the embedded server. */
class TiersTest {
    @TempDir
    static Path dir;

    static EmbeddedS3 server;

    @BeforeAll
    static void start() {
        server = EmbeddedS3.start(dir.resolve("s3"), 0);
        server.createBucketIfMissing("specs");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path keyFile() {
        return server.dataDir().resolve("credentials.properties");
    }

    private static void roundTrip(Tier t, String key) {
        byte[] content = TestData.bytes(key.hashCode(), 0, 500);
        TierContract.put(t, key, content);
        assertThat(TierContract.read(t, key)).isEqualTo(content);
    }

    @Test
    void embeddedCreatesItsBucketAndUsesTheStorageClass() {
        try (Tier t = Tiers.open(new TierSpec.Embedded("cold", server, "embedded-cold", "DEEP_ARCHIVE"))) {
            assertThat(t).isInstanceOf(S3Tier.class);
            assertThat(t.name()).isEqualTo("cold");
            roundTrip(t, "a");
            assertThat(t.stat("a").orElseThrow().storageClass()).isEqualTo("DEEP_ARCHIVE");
        }
    }

    @Test
    void minioFromAKeyFile() {
        var spec = new TierSpec.Minio("warm", "127.0.0.1:" + server.port(), "specs", keyFile(), false);
        try (Tier t = Tiers.open(spec, new TierOptions(6 * 1024 * 1024, 10))) {
            assertThat(t).isInstanceOf(MinioTier.class);
            assertThat(t.partSize()).isEqualTo(6 * 1024 * 1024);
            roundTrip(t, "minio/a");
            assertThat(t.toString()).doesNotContain(server.credentials().secretKey());
        }
        assertThat(spec.toString()).doesNotContain(server.credentials().secretKey());
        assertThat(spec.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
    }

    @Test
    void s3WithAPrefixKeepsKeysUnderIt() {
        var spec = new TierSpec.S3("cold", "specs", "cold-tier", "us-east-1", server.endpoint(), "GLACIER_IR",
                new TierCredentials.KeyFile(keyFile()));
        try (Tier t = Tiers.open(spec)) {
            roundTrip(t, "packs/ab/ab.pack");
            assertThat(TierContract.drain(t.list("packs/", null))).extracting(TierObject::key)
                    .containsExactly("packs/ab/ab.pack");
        }
        List<String> raw = server.client().listObjectsV2(b -> b.bucket("specs").prefix("cold-tier/")).contents()
                .stream().map(S3Object::key).toList();
        assertThat(raw).containsExactly("cold-tier/packs/ab/ab.pack");
        assertThat(spec.toString()).doesNotContain(server.credentials().secretKey());
    }

    @Test
    void s3FromAnAwsCredentialsFile() throws IOException {
        Path ini = dir.resolve("aws-credentials");
        Files.writeString(ini, "[tier]\naws_access_key_id = " + server.credentials().accessKey()
                + "\naws_secret_access_key = " + server.credentials().secretKey() + "\n");
        var spec = new TierSpec.S3("cold", "specs", null, "us-east-1", server.endpoint(), null,
                new TierCredentials.AwsFile(ini, "tier"));
        try (Tier t = Tiers.open(spec)) {
            roundTrip(t, "ini/a");
            assertThat(t.stat("ini/a").orElseThrow().storageClass()).isNull();
        }
    }

    @Test
    void unreadableOrIncompleteCredentialsFailAtOpenNamingTheFile() throws IOException {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> Tiers.open(new TierSpec.Minio("warm", "127.0.0.1:1", "specs", missing, false)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tier=warm").hasMessageContaining("file=" + missing);

        Path half = dir.resolve("half.properties");
        Files.writeString(half, "accessKey=someone\n");
        assertThatThrownBy(() -> Tiers.open(new TierSpec.S3("cold", "specs", null, "us-east-1", server.endpoint(), null,
                new TierCredentials.KeyFile(half))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lacks accessKey or secretKey").hasMessageContaining("tier=cold");

        Path ini = dir.resolve("wrong-profile");
        Files.writeString(ini, "[other]\naws_access_key_id = a\naws_secret_access_key = b\n");
        assertThatThrownBy(() -> Tiers.open(new TierSpec.S3("cold", "specs", null, "us-east-1", server.endpoint(), null,
                new TierCredentials.AwsFile(ini, "missing"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot load tier credentials");
    }

    @Test
    void specsRejectBadValues() {
        assertThatThrownBy(() -> new TierSpec.Minio("warm", "http://h:9000", "b", Path.of("k"), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TierSpec.S3("cold", " ", null, "us-east-1", null, null, new TierCredentials.Environment()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TierOptions(4 * 1024 * 1024, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Tier.builder("cold", "b").partSize(1024)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("partSize=1024");
    }

    @Test
    void decorateBuildsRetryOverLimitOverMeter() {
        Tier bare = Tiers.open(new TierSpec.Embedded("warm", server, "specs"));
        RequestCounter counter = new RequestCounter();
        try (Tier t = Tiers.decorate(bare, RetryingTier.Settings.defaults(),
                new RateLimitedTier.Limits(100, 0, Duration.ofSeconds(1)), counter)) {
            assertThat(t).isInstanceOf(RetryingTier.class);
            Tier limited = ((ForwardingTier) t).delegate();
            assertThat(limited).isInstanceOf(RateLimitedTier.class);
            Tier metered = ((ForwardingTier) limited).delegate();
            assertThat(metered).isInstanceOf(MeteredTier.class);
            assertThat(((ForwardingTier) metered).delegate()).isSameAs(bare);
            roundTrip(t, "decorated/a");
            assertThat(counter.requests(RequestKind.PUT)).isEqualTo(1);
            assertThat(counter.requests(RequestKind.GET)).isEqualTo(1);
        }
        try (Tier t = Tiers.decorate(Tiers.open(new TierSpec.Embedded("warm", server, "specs")),
                RetryingTier.Settings.defaults(), null, null)) {
            assertThat(((ForwardingTier) t).delegate()).isInstanceOf(S3Tier.class);
        }
    }
}
