package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.tier.TierSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code campaign worker} and {@code campaign list}: settings from a campaign file, and usage errors. */
class CampaignWorkerCommandTest {
    @TempDir Path tmp;

    private Path campaignFile() throws Exception {
        Files.writeString(tmp.resolve("minio.properties"), "accessKey=a\nsecretKey=b\n");
        return Files.writeString(tmp.resolve("campaign.yaml"), """
                name: scale
                source: file:///srv/cache
                stateDir: state
                kafka: { bootstrap: [ "k1:9092", "k2:9092" ] }
                tiers:
                  warm: { type: minio, endpoint: minio:9000, bucket: warm, credentialsFile: minio.properties, tls: false }
                  cold: { type: embedded, bucket: cold-b, storageClass: GLACIER }
                budget: { monthlyCapUsd: 10 }
                concurrency: 3
                packing: { packSize: 8MiB }
                """);
    }

    @Test
    void aCampaignFileMapsOntoTheRuntimeSettingsAndOptionsOverrideIt() throws Exception {
        Path file = campaignFile();
        RuntimeSettings s = dev.tierpack.campaign.config.RuntimeMapping.settings(dev.tierpack.campaign.config.CampaignConfig.load(file));
        assertThat(s.campaign()).isEqualTo("scale");
        assertThat(s.kafkaBootstrap()).isEqualTo("k1:9092,k2:9092");
        assertThat(s.stateDir()).isEqualTo(tmp.resolve("state"));
        assertThat(s.concurrency()).isEqualTo(3);
        assertThat(s.packSize()).isEqualTo(8 << 20);
        assertThat(s.warm()).isEqualTo(new RuntimeSettings.TierChoice.Spec(
                new TierSpec.Minio("warm", "minio:9000", "warm", tmp.resolve("minio.properties"), false)));
        assertThat(s.cold()).isEqualTo(new RuntimeSettings.TierChoice.Embedded("cold", "cold-b", "GLACIER"));

        CampaignWorkerCommand w = new CampaignWorkerCommand();
        var cl = new picocli.CommandLine(w);
        cl.parseArgs("--config", file.toString(), "--state-dir", tmp.resolve("w7").toString(), "--batch-size", "7",
                "--worker-id", "tierpack-worker-7");
        RuntimeSettings o = w.settings();
        assertThat(o.stateDir()).isEqualTo(tmp.resolve("w7"));
        assertThat(o.batchSize()).isEqualTo(7);
        assertThat(o.kafkaBootstrap()).isEqualTo("k1:9092,k2:9092");
        assertThat(w.role().workerId()).isEqualTo("tierpack-worker-7");
        assertThat(w.role().lists()).isFalse();
    }

    @Test
    void badWorkerOptionsAreUsageErrors() throws Exception {
        Path file = campaignFile();
        CliRun id = CliRun.run("campaign", "worker", "--config", file.toString(), "--worker-id", "bad id!");
        assertThat(id.status()).isEqualTo(ExitCode.USAGE);
        assertThat(id.err()).contains("worker id", "workerId=\"bad id!\"");
        CliRun both = CliRun.run("campaign", "worker", "--config", file.toString(), "--source", "file:///x");
        assertThat(both.status()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("option not allowed with --config", "--source");
        CliRun session = CliRun.run("campaign", "worker", "--config", file.toString(), "--session-timeout", "1s");
        assertThat(session.status()).isEqualTo(ExitCode.USAGE);
        assertThat(session.err()).contains("session timeout");
        CliRun missing = CliRun.run("campaign", "list", "--config", tmp.resolve("nope.yaml").toString());
        assertThat(missing.status()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("campaign file not found");
    }
}
