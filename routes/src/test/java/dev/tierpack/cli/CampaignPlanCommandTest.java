package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code campaign plan} against the corpus uploaded to the embedded S3 server, through the CLI. */
class CampaignPlanCommandTest {
    @TempDir Path dir;

    /** Every bucket and every object with its size and ETag. */
    static Map<String, String> everything(S3Client s3) {
        Map<String, String> out = new TreeMap<>();
        for (Bucket b : s3.listBuckets().buckets()) {
            out.put(b.name() + "/", "bucket");
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(b.name())).contents()) {
                out.put(b.name() + "/" + o.key(), o.size() + " " + o.eTag());
            }
        }
        return out;
    }

    @Test
    void planAgainstAnS3SourceCountsExactlyAndWritesNothing() throws Exception {
        Map<String, long[]> expected = new TreeMap<>();
        try (EmbeddedS3 server = EmbeddedS3.start(dir.resolve("s3"), 0)) {
            S3Client s3 = server.client();
            server.createBucketIfMissing("cache");
            List<Path> corpus;
            try (Stream<Path> files = Files.walk(Corpus.cache())) {
                corpus = files.filter(Files::isRegularFile).toList();
            }
            for (Path f : corpus) {
                long[] v = expected.computeIfAbsent(KeyKind.of(Corpus.cache().relativize(f).toString()).name(), k -> new long[2]);
                v[0]++;
                v[1] += Files.size(f);
            }
            corpus.parallelStream().forEach(f -> s3.putObject(
                    b -> b.bucket("cache").key("nix/" + Corpus.cache().relativize(f)), RequestBody.fromFile(f)));
            s3.putObject(b -> b.bucket("cache").key("other/outside-the-prefix.narinfo"), RequestBody.fromString("decoy"));
            Files.writeString(dir.resolve("aws-credentials"), "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                    .formatted(server.credentials().accessKey(), server.credentials().secretKey()));
            Path config = dir.resolve("campaign.yaml");
            Files.writeString(config, """
                    name: s3-plan
                    source:
                      uri: s3://cache/nix
                      endpoint: %1$s
                      credentialsFile: aws-credentials
                      pageSize: 10
                    stateDir: ./state
                    kafka: { bootstrap: embedded }
                    tiers:
                      warm: { type: minio, endpoint: "127.0.0.1:%2$d", bucket: warm, credentialsFile: %3$s, tls: false }
                      cold: { type: s3, bucket: cold, region: us-east-1, endpoint: %1$s, credentialsFile: %3$s }
                    budget: { monthlyCapUsd: 0.001 }
                    """.formatted(server.endpoint(), server.port(), server.dataDir().resolve("credentials.properties")));
            Map<String, String> before = everything(s3);

            CliRun r = CliRun.run("campaign", "plan", "--config", config.toString(),
                    "--report-json", dir.resolve("plan.json").toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("campaign s3-plan: plan", "(listing): 76 objects", "25 store paths",
                    "cost to migrate:", "monthly storage: before", "budget: monthly cap");
            assertThat(r.out() + r.err()).doesNotContain(server.credentials().secretKey());

            JsonNode p = new ObjectMapper().readTree(dir.resolve("plan.json").toFile());
            assertThat(p.get("source").asText()).startsWith("s3://cache/nix/");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.get("objectsByKind").fields(); it.hasNext(); ) {
                var e = it.next();
                assertThat(e.getValue().asLong()).as(e.getKey()).isEqualTo(expected.get(e.getKey())[0]);
                assertThat(p.get("bytesByKind").get(e.getKey()).asLong()).as(e.getKey()).isEqualTo(expected.get(e.getKey())[1]);
            }
            assertThat(p.get("objectsByKind").size()).isEqualTo(expected.size());
            assertThat(p.get("sourceObjects").asLong()).isEqualTo(76);
            // 76 keys in pages of 10: 8 LIST requests for the run, and the plan's own listing cost the same
            assertThat(p.get("requests").get("source").get("LIST").asLong()).isEqualTo(8);
            assertThat(p.get("planCostUsd").decimalValue()).isEqualByComparingTo("0.00004");
            // a $0.001 monthly cap spreads the run over ceil(cost / 0.001) months
            long months = p.get("migrationCostUsd").decimalValue()
                    .divide(new java.math.BigDecimal("0.001"), 0, java.math.RoundingMode.CEILING).longValueExact();
            assertThat(p.get("budget").get("months").asLong()).isEqualTo(months).isGreaterThan(1);

            // nothing was written: same buckets, same objects; the tiers' buckets were not created
            assertThat(everything(s3)).isEqualTo(before).doesNotContainKeys("warm/", "cold/");
            assertThat(dir.resolve("state")).doesNotExist();
        }
    }

    @Test
    void aBadCampaignFileExitsWith2NamingTheKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                name: demo
                source: file:///srv/cache
                tiers:
                  warm: { type: embedded }
                  cold: { type: embedded, storageClass: GLACIER_DEEP }
                budget: { monthlyCapUsd: 250 }
                """);
        CliRun r = CliRun.run("campaign", "plan", "--config", config.toString());
        assertThat(r.status()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("key=tiers.cold.storageClass", "unknown storage class", "GLACIER_DEEP");
        assertThat(r.out()).isEmpty();
    }
}
