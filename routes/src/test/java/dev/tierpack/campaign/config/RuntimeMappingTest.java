package dev.tierpack.campaign.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.TierSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeMappingTest {
    @TempDir Path dir;

    CampaignConfig load(String yaml) throws IOException {
        return CampaignConfigTest.load(dir, yaml);
    }

    @Test
    void theIssueExampleMapsOntoEmbeddedServicesWithItsBudgetAndPrices() throws IOException {
        CampaignConfig c = load(CampaignConfigTest.ISSUE_EXAMPLE);
        Clock clock = Clock.fixed(Instant.parse("2026-03-15T00:00:00Z"), ZoneOffset.UTC);
        RuntimeSettings s = RuntimeMapping.settings(c, clock);
        assertThat(s.campaign()).isEqualTo("demo");
        assertThat(s.source()).isEqualTo(new RuntimeSettings.SourceChoice.Uri(new SourceUri.LocalDir(Path.of("/srv/cache"))));
        assertThat(s.stateDir()).isEqualTo(dir.resolve("var/demo"));
        assertThat(s.embeddedKafka()).isTrue();
        assertThat(s.warm()).isEqualTo(new RuntimeSettings.TierChoice.Embedded("warm", "tierpack-warm", null));
        assertThat(s.cold()).isEqualTo(new RuntimeSettings.TierChoice.Embedded("cold", "tierpack-cold", "DEEP_ARCHIVE"));
        assertThat(s.concurrency()).isEqualTo(CampaignConfig.DEFAULT_CONCURRENCY);
        assertThat(s.listPageSize()).isEqualTo(SourceUri.S3.MAX_PAGE_SIZE);
        assertThat(s.packSize()).isEqualTo(c.packing().packSize());
        assertThat(s.batchSize()).isEqualTo(RuntimeSettings.DEFAULT_BATCH_SIZE);
        assertThat(s.cost().budget()).contains(c.budget());
        assertThat(s.cost().tariff().coldClass()).isEqualTo(StorageClass.DEEP_ARCHIVE);
        assertThat(s.cost().tariff().prices()).isEqualTo(c.prices());
        assertThat(s.cost().clock()).isSameAs(clock);
        assertThat(s.cost().limits()).isEqualTo(Limits.none());
    }

    @Test
    void externalServicesLimitsPackingAndPricesAreCarriedOver() throws IOException {
        Files.writeString(dir.resolve("minio.properties"), "accessKey=a\nsecretKey=b\n");
        CampaignConfig c = load("""
                name: big-one
                source: { uri: "s3://nix-cache/prefix", region: eu-west-1, pageSize: 500 }
                stateDir: /var/lib/tierpack
                kafka: { bootstrap: [ "k1:9092", "k2:9092" ] }
                tiers:
                  warm: { type: minio, endpoint: "minio:9000", bucket: warm-b, credentialsFile: minio.properties }
                  cold: { type: s3, bucket: cold-b, region: us-east-1, storageClass: GLACIER }
                budget: { monthlyCapUsd: 99.5, totalCapUsd: 300 }
                limits: { sourceRequestsPerSecond: 50, sourceBytesPerSecond: 10MiB, tierRequestsPerSecond: 20 }
                concurrency: 12
                packing: { packSize: 64MiB }
                prices: { egressPerGb: 0.05 }
                """);
        RuntimeSettings s = RuntimeMapping.settings(c);
        assertThat(s.campaign()).isEqualTo("big-one");
        assertThat(s.kafkaBootstrap()).isEqualTo("k1:9092,k2:9092");
        assertThat(s.stateDir()).isEqualTo(Path.of("/var/lib/tierpack"));
        assertThat(s.listPageSize()).isEqualTo(500);
        assertThat(s.concurrency()).isEqualTo(12);
        assertThat(s.packSize()).isEqualTo(64L << 20);
        assertThat(((RuntimeSettings.TierChoice.Spec) s.warm()).spec()).isInstanceOf(TierSpec.Minio.class);
        TierSpec.S3 cold = (TierSpec.S3) ((RuntimeSettings.TierChoice.Spec) s.cold()).spec();
        assertThat(cold.bucket()).isEqualTo("cold-b");
        assertThat(cold.storageClass()).isEqualTo("GLACIER");
        assertThat(s.cost().budget().orElseThrow().monthlyCapUsd()).isEqualByComparingTo("99.5");
        assertThat(s.cost().budget().orElseThrow().totalCapUsd()).isEqualByComparingTo("300");
        assertThat(s.cost().limits()).isEqualTo(c.limits());
        assertThat(s.cost().limits().sourceBytesPerSecond().getAsLong()).isEqualTo(10L << 20);
        assertThat(s.cost().tariff().prices().egressPerGb()).isEqualByComparingTo("0.05");
        assertThat(s.cost().tariff().coldClass()).isEqualTo(StorageClass.GLACIER);
        assertThat(s.cost().tariff().sourceClass()).isEqualTo(StorageClass.STANDARD);
    }

    @Test
    void aNameTheRuntimeCannotUseIsRejectedWithItsKey() throws IOException {
        CampaignConfig c = load(CampaignConfigTest.ISSUE_EXAMPLE.replace("name: demo", "name: Demo.1"));
        assertThatThrownBy(() -> RuntimeMapping.settings(c)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("key=name").hasMessageContaining("Demo.1");
    }
}
