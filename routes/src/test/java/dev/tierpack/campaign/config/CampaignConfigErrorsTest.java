package dev.tierpack.campaign.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every unknown key and invalid value is a {@link ConfigException} naming the key's full path and the reason. */
class CampaignConfigErrorsTest {
    static final String BASE = """
            name: demo
            source: file:///srv/cache
            tiers:
              warm: { type: embedded }
              cold: { type: embedded }
            budget: { monthlyCapUsd: 250 }
            """;

    @TempDir Path dir;

    ConfigException fail(String yaml) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> CampaignConfig.load(f));
        assertThat(e).as("expected a ConfigException for:%n%s", yaml).isNotNull();
        assertThat(e.getMessage()).contains("file=" + f);
        return e;
    }

    /** {@code BASE} with one line replaced (or, if {@code from} is empty, {@code to} appended). */
    static String edit(String from, String to) {
        if (from.isEmpty()) {
            return BASE + to + "\n";
        }
        if (!BASE.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return BASE.replace(from, to);
    }

    static Arguments bad(String from, String to, String key, String reason) {
        return Arguments.of(from, to, key, reason);
    }

    static Stream<Arguments> unknownKeys() {
        return Stream.of(
                bad("", "nmae: x", "nmae", "unknown key"),
                bad("", "Name: x", "Name", "unknown key"),
                bad("cold: { type: embedded }", "cold: { type: embedded, bucketName: x }", "tiers.cold.bucketName", "unknown key"),
                bad("warm: { type: embedded }", "warm: { type: minio, endpoint: \"m:9000\", bucket: b, credentialsFile: f, tlz: true }",
                        "tiers.warm.tlz", "unknown key"),
                bad("", "kafka: { bootstrap: embedded, topic: x }", "kafka.topic", "unknown key"),
                bad("budget: { monthlyCapUsd: 250 }", "budget: { monthlyCapUsd: 250, dailyCapUsd: 10 }", "budget.dailyCapUsd", "unknown key"),
                bad("", "limits: { sourceRequestPerSecond: 10 }", "limits.sourceRequestPerSecond", "unknown key"),
                bad("", "packing: { chunkSize: 16KiB }", "packing.chunkSize", "unknown key"),
                bad("", "placement: { hotroots: [a] }", "placement.hotroots", "unknown key"),
                bad("", "prices: { classes: { DEEP_ARCHIVE: { putPer100: 1 } } }", "prices.classes.DEEP_ARCHIVE.putPer100", "unknown key"),
                bad("", "prices: { egress: 0 }", "prices.egress", "unknown key"),
                bad("source: file:///srv/cache", "source: { uri: file:///srv/cache, path: /x }", "source.path", "unknown key"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("unknownKeys")
    void unknownKeysAreRejectedWithTheirPath(String from, String to, String key, String reason) throws Exception {
        ConfigException e = fail(edit(from, to));
        assertThat(e.getMessage()).startsWith("unknown key in campaign file:").contains("key=" + key + " ");
        assertThat(e.get("key")).isEqualTo(key);
        assertThat(String.valueOf(e.get("known"))).isNotEmpty();
    }

    @Test
    void secretsAreRejectedByNameWithoutEchoingThem() throws Exception {
        ConfigException e = fail(edit("warm: { type: embedded }",
                "warm: { type: minio, endpoint: \"m:9000\", bucket: b, credentialsFile: f, secretKey: hunter2-secret }"));
        assertThat(e.getMessage()).contains("secrets do not belong in the campaign file", "key=tiers.warm.secretKey")
                .doesNotContain("hunter2");
        ConfigException s = fail(edit("source: file:///srv/cache", "source: { uri: s3://b/p, aws_access_key_id: AKIAXYZ }"));
        assertThat(s.getMessage()).contains("key=source.aws_access_key_id").doesNotContain("AKIAXYZ");
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                bad("name: demo", "name: \"bad name!\"", "name", "name must be"),
                bad("source: file:///srv/cache", "source: ftp://host/cache", "source", "unsupported source URI"),
                bad("source: file:///srv/cache", "source: [file:///srv/cache]", "source", "expected a URI"),
                bad("source: file:///srv/cache", "source: { uri: \"s3://bucket/p?region=eu-west-1\", region: us-east-2 }", "source.uri", "not both"),
                bad("source: file:///srv/cache", "source: { uri: s3://bucket/p, region: \"US East\" }", "source.region", "invalid S3 region"),
                bad("source: file:///srv/cache", "source: { uri: s3://bucket/p, endpoint: \"ftp://x\" }", "source.endpoint", "http(s)"),
                bad("source: file:///srv/cache", "source: { uri: s3://bucket/p, pageSize: 5000 }", "source.pageSize", "page size out of range"),
                bad("source: file:///srv/cache", "source: { uri: s3://bucket/p, credentials: root }", "source.credentials", "expected default, env or anonymous"),
                bad("source: file:///srv/cache", "source: { uri: file:///srv/cache, region: us-east-1 }", "source.region", "only for s3://"),
                bad("source: file:///srv/cache", "source: { uri: s3://bucket/p, storageClass: DEEP_ARCHIVE }", "source.storageClass", "archived source"),
                bad("source: file:///srv/cache", "source: { uri: s3://bucket/p, storageClass: STANDARD_IA }", "source.storageClass", "unknown storage class"),
                bad("source: file:///srv/cache", "source: { uri: file:///srv/cache, inventory: m.json }", "source.inventory", "s3://"),
                bad("source: file:///srv/cache", "source: { endpoint: \"https://x\" }", "source.uri", "missing required key"),
                bad("cold: { type: embedded }", "cold: { type: embedded, storageClass: STANDARD_IA }", "tiers.cold.storageClass", "unknown storage class"),
                bad("cold: { type: embedded }", "cold: { type: embedded, storageClass: STANDARD }", "tiers.cold.storageClass", "DEEP_ARCHIVE, GLACIER or GLACIER_IR"),
                bad("cold: { type: embedded }", "cold: { type: embedded, bucket: Bad_Bucket }", "tiers.cold.bucket", "invalid bucket name"),
                bad("cold: { type: embedded }", "cold: { type: s3, bucket: cold }", "tiers.cold.region", "missing required key"),
                bad("cold: { type: embedded }", "cold: { type: s3, bucket: cold, region: mars-1 }", "tiers.cold.region", "AWS region"),
                bad("cold: { type: embedded }", "cold: { type: s3, bucket: cold, region: us-east-1, endpoint: \"http://user:pw@h\" }", "tiers.cold.endpoint", "credentials do not belong"),
                bad("cold: { type: embedded }", "cold: { type: s3, bucket: cold, region: us-east-1, credentials: env, profile: p }", "tiers.cold.credentials", "cannot be combined"),
                bad("cold: { type: embedded }", "cold: { type: glacier }", "tiers.cold.type", "unknown type"),
                bad("warm: { type: embedded }", "warm: { type: nfs }", "tiers.warm.type", "unknown type"),
                bad("warm: { type: embedded }", "warm: { bucket: x }", "tiers.warm.type", "missing required key"),
                bad("warm: { type: embedded }", "warm: { type: minio, bucket: b, credentialsFile: f }", "tiers.warm.endpoint", "missing required key"),
                bad("warm: { type: embedded }", "warm: { type: minio, endpoint: \"http://m:9000\", bucket: b, credentialsFile: f }", "tiers.warm.endpoint", "without scheme"),
                bad("warm: { type: embedded }", "warm: { type: minio, endpoint: \"m:9000\", bucket: b, credentialsFile: f, tls: maybe }", "tiers.warm.tls", "true or false"),
                bad("  warm: { type: embedded }\n", "", "tiers.warm", "missing required key"),
                bad("budget: { monthlyCapUsd: 250 }", "budget: { monthlyCapUsd: -5 }", "budget.monthlyCapUsd", "cap must be positive"),
                bad("budget: { monthlyCapUsd: 250 }", "budget: { monthlyCapUsd: lots }", "budget.monthlyCapUsd", "expected a number"),
                bad("budget: { monthlyCapUsd: 250 }", "budget: { totalCapUsd: 1000 }", "budget.monthlyCapUsd", "missing required key"),
                bad("budget: { monthlyCapUsd: 250 }", "budget: { monthlyCapUsd: 250, totalCapUsd: 0 }", "budget.totalCapUsd", "cap must be positive"),
                bad("budget: { monthlyCapUsd: 250 }\n", "", "budget", "missing required key"),
                bad("", "concurrency: 0", "concurrency", "concurrency must be in"),
                bad("", "concurrency: 2.5", "concurrency", "expected an integer"),
                bad("", "concurrency: four", "concurrency", "expected an integer"),
                bad("", "kafka: { bootstrap: broker }", "kafka.bootstrap[0]", "host:port"),
                bad("", "kafka: { bootstrap: [\"a:9092\", \"b:99999\"] }", "kafka.bootstrap[1]", "host:port"),
                bad("", "kafka: {}", "kafka.bootstrap", "missing required key"),
                bad("", "stateDir: \"\"", "stateDir", "missing required key"),
                bad("", "limits: { sourceBytesPerSecond: 10MB }", "limits.sourceBytesPerSecond", "units B, KiB"),
                bad("", "limits: { sourceRequestsPerSecond: -1 }", "limits.sourceRequestsPerSecond", "positive"),
                bad("", "limits: { tierRequestsPerSecond: 0 }", "limits.tierRequestsPerSecond", "positive"),
                bad("", "packing: { chunkAvgSize: 10000 }", "packing.chunkAvgSize", "power of two"),
                bad("", "packing: { zstdLevel: 99 }", "packing.zstdLevel", "zstd level"),
                bad("", "packing: { partSize: 1MiB }", "packing.partSize", "part size"),
                bad("", "packing: { packSize: 64KiB }", "packing.packSize", "at least 1MiB"),
                bad("", "packing: { packSize: 8MiB, segmentSize: 16MiB }", "packing.segmentSize", "segment size"),
                bad("", "packing: { packSize: 99999999999999999999999 }", "packing.packSize", "units B"),
                bad("", "prices: { egressPerGb: -0.01 }", "prices.egressPerGb", "must not be negative"),
                bad("", "prices: { classes: { DEEP_ARCHIVE: { putPer1000: -1 } } }", "prices.classes.DEEP_ARCHIVE.putPer1000", "must not be negative"),
                bad("", "prices: { classes: { GLACIER: { storage: [ { upToGb: 10, perGbMonth: 1 } ] } } }", "prices.classes.GLACIER.storage", "unbounded"),
                bad("", "prices: { classes: { STANDARD_IA: { putPer1000: 1 } } }", "prices.classes", "STANDARD_IA"),
                bad("", "prices: { asOf: yesterday }", "prices.asOf", "date"),
                bad("", "prices: { warm: 5 }", "prices.warm", "expected a mapping"),
                bad("", "prices: 5", "prices", "expected a mapping"),
                bad("", "placement: { pins: [ \"/etc/passwd\" ] }", "placement.pins[0]", "not a store path"),
                bad("", "placement: { pins: [ \"hello world\" ] }", "placement.pins[0]", "name pattern"),
                bad("", "placement: { hotNewestBumps: 0 }", "placement.hotNewestBumps", "at least 1"),
                bad("", "placement: { maxAgeDays: -1 }", "placement.maxAgeDays", "at least 1"),
                bad("", "placement: { hotRoots: bump6.txt }", "placement.hotRoots", "expected a list"),
                bad("", "placement: { fixedOutputsHot: sometimes }", "placement.fixedOutputsHot", "true or false"));
    }

    @ParameterizedTest(name = "{2}: {3}")
    @MethodSource("invalidValues")
    void invalidValuesNameTheirPathAndReason(String from, String to, String key, String reason) throws Exception {
        ConfigException e = fail(edit(from, to));
        assertThat(e.get("key")).as(e.getMessage()).isEqualTo(key);
        assertThat(e.getMessage()).contains("key=" + key + " ").contains(reason);
    }

    @Test
    void missingTopLevelKeys() throws Exception {
        assertThat(fail(BASE.replace("name: demo\n", "")).getMessage())
                .startsWith("missing required key in campaign file: key=name ");
        assertThat(fail(BASE.replace("source: file:///srv/cache\n", "")).get("key")).isEqualTo("source");
    }

    @Test
    void syntaxErrorsAndDuplicateKeysNameTheLine() throws Exception {
        ConfigException syntax = fail(BASE + "limits: { sourceRequestsPerSecond: 10\n");
        assertThat(syntax.getMessage()).startsWith("campaign file is not valid YAML").contains("line=");
        ConfigException dup = fail(BASE + "name: other\n");
        assertThat(dup.getMessage()).contains("not valid YAML", "Duplicate", "name", "line=7");
    }

    @Test
    void emptyOrWronglyShapedFiles() throws Exception {
        assertThat(fail("").getMessage()).contains("campaign file");
        assertThat(fail("# nothing but a comment\n").getMessage()).contains("campaign file");
        assertThat(fail("- name: demo\n").getMessage()).contains("must be a YAML mapping");
    }
}
