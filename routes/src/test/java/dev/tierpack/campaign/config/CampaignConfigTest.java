package dev.tierpack.campaign.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.source.SourceCredentials;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignConfigTest {
    /** The example of issue 5, verbatim. */
    static final String ISSUE_EXAMPLE = """
            name: demo
            source: file:///srv/cache            # or s3://bucket/prefix (+ source.endpoint, source.region, source.credentialsFile)
            stateDir: ./var/demo
            kafka: { bootstrap: embedded }       # or host:port list
            tiers:
              warm: { type: embedded }           # or { type: minio, endpoint: ..., bucket: ..., credentialsFile: ... }
              cold: { type: embedded, storageClass: DEEP_ARCHIVE }   # or { type: s3, bucket: ..., region: ... }
            budget: { monthlyCapUsd: 250 }
            placement: { hotRoots: [ channels/bump6.txt ], fixedOutputsHot: true }
            """;

    @TempDir Path dir;

    CampaignConfig load(String yaml) throws IOException {
        return load(dir, yaml);
    }

    /** Loads {@code yaml} written to {@code dir/campaign.yaml}. */
    static CampaignConfig load(Path dir, String yaml) throws IOException {
        return CampaignConfig.load(Files.writeString(dir.resolve("campaign.yaml"), yaml));
    }

    @Test
    void theIssueExampleParsesAsIs() throws IOException {
        CampaignConfig c = load(ISSUE_EXAMPLE);
        assertThat(c.name()).isEqualTo("demo");
        assertThat(c.file()).isEqualTo(dir.resolve("campaign.yaml"));
        assertThat(c.source().uri()).isEqualTo(new SourceUri.LocalDir(Path.of("/srv/cache")));
        assertThat(c.source().storageClass()).isEqualTo(StorageClass.STANDARD);
        assertThat(c.source().inventory()).isEmpty();
        assertThat(c.stateDir()).isEqualTo(dir.resolve("var/demo"));
        assertThat(c.kafka().isEmbedded()).isTrue();
        assertThat(c.warm()).isEqualTo(new WarmTierConfig.Embedded("tierpack-warm"));
        assertThat(c.cold()).isEqualTo(new ColdTierConfig.Embedded("tierpack-cold", StorageClass.DEEP_ARCHIVE));
        assertThat(c.budget().monthlyCapUsd()).isEqualByComparingTo("250");
        assertThat(c.budget().totalCap()).isEmpty();
        assertThat(c.placement().hotRoots()).containsExactly(dir.resolve("channels/bump6.txt"));
        assertThat(c.placement().fixedOutputsHot()).isTrue();
        assertThat(c.limits()).isEqualTo(Limits.none());
        assertThat(c.concurrency()).isEqualTo(CampaignConfig.DEFAULT_CONCURRENCY);
        assertThat(c.packing()).isEqualTo(PackingConfig.defaults());
        assertThat(c.packing().packSize()).isEqualTo(PackWriterConfig.DEFAULT_PACK_SIZE);
        assertThat(c.prices()).isEqualTo(PriceTable.defaults());
    }

    @Test
    void everyKeyWithRelativePathsResolvedAgainstTheFilesDirectory() throws IOException {
        CampaignConfig c = load("""
                name: nixos-cache.2025
                source:
                  uri: s3://nix-cache/prefix
                  endpoint: https://s3.example.org:9000
                  region: eu-west-1
                  credentialsFile: secrets/aws-credentials
                  profile: migrator
                  pageSize: 500
                  inventory: inventory/manifest.json
                stateDir: /var/lib/tierpack
                kafka: { bootstrap: "k1.example.org:9092, k2.example.org:9092" }
                tiers:
                  warm: { type: minio, endpoint: "minio.lan:9000", bucket: warm-packs, credentialsFile: minio.properties, tls: false }
                  cold: { type: s3, bucket: cold-packs, prefix: tp/, region: us-east-1, storageClass: GLACIER, credentialsFile: cold.ini }
                budget: { monthlyCapUsd: 250.50, totalCapUsd: 2000, restoreCapUsd: 25 }
                limits: { sourceRequestsPerSecond: 200, sourceBytesPerSecond: 100MiB, tierRequestsPerSecond: 50.5 }
                concurrency: 16
                packing: { chunkAvgSize: 32KiB, packSize: 1GiB, segmentSize: 4MiB, zstdLevel: 9, partSize: 64MiB }
                prices:
                  egressPerGb: 0
                  warm: { storagePerGbMonth: 0.004 }
                  classes: { GLACIER: { putPer1000: 0.036 } }
                placement:
                  hotRoots: [ channels/bump5.txt, /abs/bump6.txt ]
                  fixedOutputsHot: false
                  accessLog: logs/access.csv
                  pins: [ "/nix/store/00bgd045z0d4icpbc2yyz4gx48ak44la-hello-2.12.1", "firefox-*", "0c1f8fi2q8dwddbmpnld6zpga5rxvpf4" ]
                  hotNewestBumps: 2
                  maxAgeDays: 365
                """);
        assertThat(c.name()).isEqualTo("nixos-cache.2025");
        SourceUri.S3 s3 = (SourceUri.S3) c.source().uri();
        assertThat(s3.bucket()).isEqualTo("nix-cache");
        assertThat(s3.prefix()).isEqualTo("prefix/");
        assertThat(s3.region()).isEqualTo("eu-west-1");
        assertThat(s3.endpoint()).isEqualTo(URI.create("https://s3.example.org:9000"));
        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.pageSize()).isEqualTo(500);
        assertThat(s3.credentials()).isEqualTo(new SourceCredentials.File(dir.resolve("secrets/aws-credentials"), "migrator"));
        assertThat(c.source().listPageSize()).isEqualTo(500);
        assertThat(c.source().inventory()).contains(dir.resolve("inventory/manifest.json"));
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/tierpack"));
        assertThat(c.kafka().bootstrap()).containsExactly("k1.example.org:9092", "k2.example.org:9092");
        assertThat(c.warm()).isEqualTo(new WarmTierConfig.Minio("minio.lan:9000", "warm-packs", dir.resolve("minio.properties"), false));
        assertThat(c.cold()).isEqualTo(new ColdTierConfig.S3("cold-packs", "tp/", "us-east-1", null, StorageClass.GLACIER,
                new TierCredentials.AwsFile(dir.resolve("cold.ini"), null)));
        assertThat(c.budget().monthlyCapUsd()).isEqualByComparingTo("250.50");
        assertThat(c.budget().totalCapUsd()).isEqualByComparingTo("2000");
        assertThat(c.budget().restoreCapUsd()).isEqualByComparingTo("25");
        assertThat(c.limits().sourceRequestsPerSecond()).hasValue(200);
        assertThat(c.limits().sourceBytesPerSecond()).hasValue(100L << 20);
        assertThat(c.limits().tierRequestsPerSecond()).hasValue(50.5);
        assertThat(c.concurrency()).isEqualTo(16);
        assertThat(c.packing().chunker().avgSize()).isEqualTo(32 << 10);
        assertThat(c.packing().packSize()).isEqualTo(1L << 30);
        assertThat(c.packing().segmentSize()).isEqualTo(4 << 20);
        assertThat(c.packing().zstdLevel()).isEqualTo(9);
        assertThat(c.packing().partSize()).isEqualTo(64 << 20);
        assertThat(c.placement().hotRoots()).containsExactly(dir.resolve("channels/bump5.txt"), Path.of("/abs/bump6.txt"));
        assertThat(c.placement().fixedOutputsHot()).isFalse();
        assertThat(c.placement().accessLog()).contains(dir.resolve("logs/access.csv"));
        assertThat(c.placement().pins()).hasSize(3);
        assertThat(c.placement().hotNewestBumps()).isEqualTo(OptionalInt.of(2));
        assertThat(c.placement().maxAgeDays()).isEqualTo(OptionalInt.of(365));
        assertThat(c.tariff().coldClass()).isEqualTo(StorageClass.GLACIER);
    }

    @Test
    void aPartialPriceOverrideMergesOverTheDefaults() throws IOException {
        CampaignConfig c = load(ISSUE_EXAMPLE + """
                prices:
                  warm: { storagePerGbMonth: 0.01 }
                  classes:
                    DEEP_ARCHIVE: { putPer1000: 0.06 }
                    STANDARD: { storage: [ { perGbMonth: 0.02 } ] }
                """);
        PriceTable d = PriceTable.defaults();
        PriceTable p = c.prices();
        assertThat(p.of(StorageClass.DEEP_ARCHIVE).putPer1000()).isEqualByComparingTo("0.06");
        assertThat(p.of(StorageClass.DEEP_ARCHIVE).storage()).isEqualTo(d.of(StorageClass.DEEP_ARCHIVE).storage());
        assertThat(p.of(StorageClass.DEEP_ARCHIVE).restore()).isEqualTo(d.of(StorageClass.DEEP_ARCHIVE).restore());
        assertThat(p.of(StorageClass.DEEP_ARCHIVE).minStorageDays()).isEqualTo(180);
        assertThat(p.of(StorageClass.STANDARD).storage()).singleElement()
                .satisfies(b -> assertThat(b.perGbMonth()).isEqualByComparingTo("0.02"));
        assertThat(p.of(StorageClass.GLACIER)).isEqualTo(d.of(StorageClass.GLACIER));
        assertThat(p.warm().storagePerGbMonth()).isEqualByComparingTo("0.01");
        assertThat(p.warm().requestsPer1000()).isEqualByComparingTo(d.warm().requestsPer1000());
        assertThat(p.egressPerGb()).isEqualByComparingTo("0.09");
        assertThat(p.asOf()).isEqualTo(d.asOf());
        // decimals stay exact
        assertThat(p.of(StorageClass.DEEP_ARCHIVE).firstBandPerGbMonth()).isEqualTo(new BigDecimal("0.00099"));
    }

    @Test
    void tierSpecsMapToTheTierFactoryAndOnlyEmbeddedTiersAskForTheServer() throws IOException {
        CampaignConfig c = load(ISSUE_EXAMPLE.replace("warm: { type: embedded }",
                "warm: { type: minio, endpoint: \"minio:9000\", bucket: warm, credentialsFile: /etc/tp/minio.properties }")
                .replace("cold: { type: embedded, storageClass: DEEP_ARCHIVE }",
                        "cold: { type: s3, bucket: cold, region: eu-central-1, endpoint: \"http://127.0.0.1:9100\", "
                                + "storageClass: GLACIER_IR, credentialsFile: /etc/tp/s3/credentials.properties }"));
        TierSpec warm = c.warm().toSpec(() -> {
            throw new AssertionError("a MinIO tier needs no embedded server");
        });
        assertThat(warm).isEqualTo(new TierSpec.Minio("warm", "minio:9000", "warm", Path.of("/etc/tp/minio.properties"), true));
        assertThat(((TierSpec.Minio) warm).uri()).isEqualTo(URI.create("https://minio:9000"));
        TierSpec cold = c.cold().toSpec(() -> {
            throw new AssertionError("an S3 tier needs no embedded server");
        });
        assertThat(cold).isEqualTo(new TierSpec.S3("cold", "cold", "", "eu-central-1", URI.create("http://127.0.0.1:9100"),
                "GLACIER_IR", new TierCredentials.KeyFile(Path.of("/etc/tp/s3/credentials.properties"))));
    }

    @Test
    void credentialsAreNeverReadWhileParsingAndNothingSecretIsHeld() throws IOException {
        Files.writeString(dir.resolve("aws"), "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t-do-not-log\n");
        CampaignConfig c = load(ISSUE_EXAMPLE.replace("source: file:///srv/cache",
                "source: { uri: s3://bucket/p, credentialsFile: aws }"));
        assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("AKIAEXAMPLE").contains("aws");
        assertThat(((SourceUri.S3) c.source().uri()).describe()).doesNotContain("s3cr3t");
    }

    @Test
    void aFileUriMayBeRelativeToTheCampaignFile() throws IOException {
        CampaignConfig c = load(ISSUE_EXAMPLE.replace("file:///srv/cache", "file:cache"));
        assertThat(c.source().uri()).isEqualTo(new SourceUri.LocalDir(dir.resolve("cache")));
    }

    @Test
    void aMissingFileIsAConfigError() {
        assertThatThrownBy(() -> CampaignConfig.load(dir.resolve("nope.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("campaign file not found").hasMessageContaining("nope.yaml");
    }

    /** The first ```yaml block of a document at the repository root. */
    static String yamlBlock(String document) throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve(document)) || !Files.exists(p.resolve("pom.xml"))) {
            p = p.getParent();
        }
        String text = Files.readString(p.resolve(document));
        int start = text.indexOf("```yaml\n") + "```yaml\n".length();
        return text.substring(start, text.indexOf("```", start));
    }

    @Test
    void theReadmesCampaignFileAndTheCostsPriceOverrideParse() throws IOException {
        CampaignConfig readme = load(yamlBlock("README.md"));
        assertThat(readme.name()).isEqualTo("demo");
        assertThat(readme.limits().sourceBytesPerSecond()).hasValue(200L << 20);
        assertThat(readme.prices().egressPerGb()).isEqualByComparingTo("0.09");

        CampaignConfig costs = load(ISSUE_EXAMPLE + yamlBlock("docs/COSTS.md"));
        assertThat(costs.prices().asOf()).isEqualTo(java.time.LocalDate.of(2025, 9, 1));
        assertThat(costs.prices().egressPerGb()).isZero();
        assertThat(costs.prices().of(StorageClass.DEEP_ARCHIVE).firstBandPerGbMonth()).isEqualByComparingTo("0.0018");
    }
}
