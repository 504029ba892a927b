package dev.tierpack.campaign.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.inventory.InventoryFixture;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code campaign plan} from a generated S3 Inventory report of the corpus, without touching the bucket. */
class CampaignPlanInventoryTest {
    @TempDir Path dir;

    /** The corpus under {@code nix/} in bucket {@code cache}, plus rows the plan must skip or flag. */
    Path inventoryOfTheCorpus(String bucket) throws IOException {
        InventoryFixture inv = new InventoryFixture(dir.resolve("inventory"), bucket);
        int i = 0;
        for (Path f : CorpusCounts.corpus().files()) {
            String key = Corpus.cache().relativize(f).toString();
            inv.object("nix/" + URLEncoder.encode(key, StandardCharsets.UTF_8), Files.size(f), "STANDARD");
            if (++i % 30 == 0) {
                inv.nextFile();
            }
        }
        inv.object("nix/", 0, "STANDARD")                                      // the prefix placeholder
                .object("other/elsewhere.narinfo", 500, "STANDARD")            // outside the prefix
                .object("nix/log/hello+build+log", 1000, "STANDARD_IA")        // a build log in an unpriced class
                .row(bucket, "nix/superseded.narinfo", "v0", "false", "false", "9", "", "", "STANDARD")
                .row(bucket, "nix/deleted.narinfo", "v3", "true", "true", "", "", "", "");
        return inv.write();
    }

    CampaignConfig config(Path manifest) throws IOException {
        Path f = dir.resolve("campaign.yaml");
        // the endpoint has no server: planning from an inventory must not contact the bucket
        Files.writeString(f, """
                name: from-inventory
                source:
                  uri: s3://cache/nix
                  endpoint: http://127.0.0.1:9
                  credentials: anonymous
                  inventory: %s
                tiers: { warm: { type: embedded }, cold: { type: embedded, storageClass: GLACIER } }
                budget: { monthlyCapUsd: 100 }
                """.formatted(dir.relativize(manifest)));
        return CampaignConfig.load(f);
    }

    @Test
    void countsFromTheInventoryExactlyByKindAndClass() throws IOException {
        CampaignConfig c = config(inventoryOfTheCorpus("cache"));
        CampaignPlan p = new CampaignPlanner(c, PlanOptions.defaults()).plan();
        CorpusCounts corpus = CorpusCounts.corpus();

        assertThat(p.listedFrom()).isEqualTo("inventory");
        Map<String, Long> objects = new LinkedHashMap<>(corpus.objectsByKind());
        objects.merge("LOG", 1L, Long::sum);
        Map<String, Long> bytes = new LinkedHashMap<>(corpus.bytesByKind());
        bytes.merge("LOG", 1000L, Long::sum);
        assertThat(p.objectsByKind()).isEqualTo(objects);
        assertThat(p.bytesByKind()).isEqualTo(bytes);
        assertThat(p.sourceObjects()).isEqualTo(corpus.objects() + 1);
        assertThat(p.storePaths()).isEqualTo(25);
        assertThat(p.objectsByStorageClass()).containsExactly(Map.entry("STANDARD", corpus.objects()), Map.entry("STANDARD_IA", 1L));
        assertThat(p.assumptions().unpricedStorageClasses()).containsExactly("STANDARD_IA");
        // logs are listed, not fetched
        assertThat(p.requests().get("source")).containsEntry("GET", corpus.objects()).containsEntry("LIST", 1L);
        assertThat(p.storage().cold().storageClass().name()).isEqualTo("GLACIER");
        // nothing read from the source: the plan cost nothing
        assertThat(p.planCostUsd()).isZero();
    }

    @Test
    void anInventoryOfAnotherBucketIsRefused() throws IOException {
        CampaignConfig c = config(inventoryOfTheCorpus("some-other-bucket"));
        assertThatThrownBy(() -> new CampaignPlanner(c, PlanOptions.defaults()).plan()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("inventory is of another bucket").hasMessageContaining("some-other-bucket");
    }
}
