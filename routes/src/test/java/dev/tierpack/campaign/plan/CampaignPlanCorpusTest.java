package dev.tierpack.campaign.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code campaign plan} over the real-Nix corpus as a {@code file://} source. */
class CampaignPlanCorpusTest {
    static final long MIB = 1 << 20;

    @TempDir Path dir;

    CampaignConfig config(String extra) throws IOException {
        Path f = dir.resolve("campaign.yaml");
        Files.writeString(f, """
                name: corpus
                source: %s
                stateDir: ./state
                tiers:
                  warm: { type: embedded }
                  cold: { type: embedded, storageClass: DEEP_ARCHIVE }
                budget: { monthlyCapUsd: 250 }
                placement: { hotRoots: [ %s ], fixedOutputsHot: true }
                """.formatted(Corpus.cache().toUri(), Corpus.channelBump(6)) + extra);
        return CampaignConfig.load(f);
    }

    @Test
    void countsEveryObjectByKindExactlyAndEstimatesTheRun() throws IOException {
        CorpusCounts expected = CorpusCounts.corpus();
        Map<String, String> before = CorpusCounts.snapshot(Corpus.cache());
        CampaignConfig c = config("");
        CampaignPlan p = new CampaignPlanner(c, PlanOptions.defaults()).plan();

        assertThat(p.listedFrom()).isEqualTo("listing");
        assertThat(p.objectsByKind()).isEqualTo(expected.objectsByKind());
        assertThat(p.bytesByKind()).isEqualTo(expected.bytesByKind());
        assertThat(p.objectsByKind()).containsEntry("NARINFO", 25L).containsEntry("NAR", 25L).containsEntry("LISTING", 25L)
                .containsEntry("CACHE_INFO", 1L);
        assertThat(p.sourceObjects()).isEqualTo(expected.objects()).isEqualTo(76);
        assertThat(p.sourceBytes()).isEqualTo(expected.bytes());
        assertThat(p.storePaths()).isEqualTo(25);
        assertThat(p.narBytes()).isEqualTo(expected.bytes(KeyKind.NAR));
        assertThat(p.objectsByStorageClass()).containsExactly(Map.entry("STANDARD", 76L));

        // the run: one LIST page, a GET of every object (all four kinds are fetched), their bytes as egress
        assertThat(p.requests().get("source")).containsExactly(Map.entry("GET", 76L), Map.entry("LIST", 1L));
        assertThat(p.egressBytes()).isEqualTo(expected.bytes());
        // default ratio 1.0 and 10% warm: the cold share (90% of the NAR bytes) is one pack of ceil(size / 16 MiB) parts
        long stored = expected.bytes(KeyKind.NAR);
        long warm = Math.round(stored * 0.1);
        long cold = stored - warm;
        assertThat(p.storedBytes()).containsEntry("cold", cold);
        assertThat(p.packs()).containsEntry("cold", 1L).containsEntry("warm", 1L).containsEntry("metadata", 1L);
        assertThat(p.requests().get("cold")).containsEntry("INITIATE_MULTIPART", 1L)
                .containsEntry("UPLOAD_PART", Math.ceilDiv(cold, 16 * MIB)).containsEntry("COMPLETE_MULTIPART", 1L)
                .containsEntry("GET_RANGE", 2L);
        // warm: a data pack (< one part: a PUT), a metadata pack, three index objects; six GET_RANGE, three GETs
        assertThat(p.requests().get("warm")).containsEntry("PUT", 5L).containsEntry("GET", 3L).containsEntry("GET_RANGE", 4L);

        // priced by role: the file:// source as S3 Standard read over the internet
        assertThat(p.costUsd().get("source.list")).isEqualByComparingTo("0.000005");
        assertThat(p.costUsd().get("source.get")).isEqualByComparingTo("0.0000304");
        assertThat(p.costUsd().get("source.egress")).isEqualByComparingTo(Money.perGb(new BigDecimal("0.09"), expected.bytes()));
        assertThat(p.costUsd().get("cold.put")).isEqualByComparingTo(new BigDecimal("0.00005")
                .multiply(BigDecimal.valueOf(2 + Math.ceilDiv(cold, 16 * MIB))));
        assertThat(p.migrationCostUsd()).isEqualByComparingTo(
                p.costUsd().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(p.budget().months()).isEqualTo(1);
        // storage before: the corpus in S3 Standard at $0.023/GB
        assertThat(p.storage().beforeUsd()).isEqualByComparingTo(Money.perGb(new BigDecimal("0.023"), expected.bytes()));
        assertThat(p.storage().cold().storageClass().name()).isEqualTo("DEEP_ARCHIVE");
        assertThat(p.storage().cold().objects()).isEqualTo(1);
        // the plan listed the source once: one LIST page, priced
        assertThat(p.planCostUsd()).isEqualByComparingTo("0.000005");

        // no writes: the source is untouched, no state directory, no embedded tier was started
        assertThat(CorpusCounts.snapshot(Corpus.cache())).isEqualTo(before);
        assertThat(dir.resolve("state")).doesNotExist();
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void aSampleMeasuresTheStoredRatioWithThePacker() throws IOException {
        CampaignConfig c = config("");
        CampaignPlan p = new CampaignPlanner(c, new PlanOptions(1.0, 0.1, 3, 42)).plan();
        CampaignPlan.Sample s = p.sample();
        assertThat(s.storePaths()).isEqualTo(3);
        assertThat(s.failed()).isZero();
        assertThat(s.narObjectBytes()).isPositive().isLessThan(p.narBytes());
        assertThat(s.narSize()).isGreaterThan(s.narObjectBytes()); // NARs are xz-compressed in the source
        assertThat(s.chunks()).isEqualTo(s.storedChunks() + s.dedupChunks());
        assertThat(s.storedBytes()).isPositive();
        assertThat(s.ratio()).isEqualTo((double) s.storedBytes() / s.narObjectBytes());
        assertThat(p.assumptions().storedRatio()).isEqualTo(s.ratio());
        assertThat(p.assumptions().storedRatioFrom()).isEqualTo("sample");
        assertThat(p.storedBytes().get("cold") + Math.round(Math.ceil(p.narBytes() * s.ratio()) * 0.1))
                .isEqualTo((long) Math.ceil(p.narBytes() * s.ratio()));
        // the sample's reads were priced: one LIST, 3 narinfo GETs, 3 NAR GETs
        assertThat(p.planCostUsd()).isGreaterThan(new BigDecimal("0.000005"));

        // the same seed picks the same store paths and measures the same
        CampaignPlan again = new CampaignPlanner(c, new PlanOptions(1.0, 0.1, 3, 42)).plan();
        assertThat(again.sample()).isEqualTo(s);
        CampaignPlan all = new CampaignPlanner(c, new PlanOptions(1.0, 0.1, 100, 7)).plan();
        assertThat(all.sample().storePaths()).isEqualTo(25);
        assertThat(all.sample().narObjectBytes()).isEqualTo(p.narBytes());
    }

    @Test
    void theReportJsonHasTheEstimate() throws IOException {
        CampaignPlan p = new CampaignPlanner(config(""), PlanOptions.defaults()).plan();
        Path json = dir.resolve("out/plan.json");
        PlanJson.write(p, json);
        JsonNode n = PlanJson.readTree(json);
        assertThat(n.get("sourceObjects").asLong()).isEqualTo(76);
        assertThat(n.get("objectsByKind").get("NAR").asLong()).isEqualTo(25);
        assertThat(n.get("requests").get("source").get("LIST").asLong()).isEqualTo(1);
        assertThat(n.get("costUsd").get("source.egress").decimalValue()).isEqualByComparingTo(p.costUsd().get("source.egress"));
        assertThat(n.get("migrationCostUsd").decimalValue()).isEqualByComparingTo(p.migrationCostUsd());
        assertThat(n.get("storage").get("beforeUsd").decimalValue()).isEqualByComparingTo(p.storage().beforeUsd());
        assertThat(n.get("storage").get("cold").get("minStorageDays").asInt()).isEqualTo(180);
        assertThat(n.get("budget").get("months").asLong()).isEqualTo(1);
        assertThat(n.get("sample").isNull()).isTrue();
        assertThat(Files.readString(json)).doesNotContain("E-"); // plain decimals
    }
}
