package dev.tierpack.campaign.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.source.KeyKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate's arithmetic on a synthetic cache of 2^20 NARs of 1 MiB (1 TiB), all placed cold in
 * DEEP_ARCHIVE, against figures computed by hand from docs/FORMAT.md and the default prices.
 */
class PlanEstimatorTest {
    static final long MIB = 1 << 20;
    static final long TIB = 1L << 40;

    @TempDir Path dir;

    CampaignConfig config(String budget, String extra) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                name: tib
                source: s3://big-cache/
                tiers: { warm: { type: embedded }, cold: { type: embedded } }
                """ + "budget: " + budget + "\n" + extra);
        return CampaignConfig.load(f);
    }

    static String narKey(int i) {
        StringBuilder sb = new StringBuilder("nar/");
        long v = i;
        for (int d = 0; d < 52; d++) {
            sb.append(KeyKind.NIX32_ALPHABET.charAt((int) (v & 31)));
            v >>>= 5;
        }
        return sb.append(".nar.xz").toString();
    }

    SourceCensus tibOfNars(CampaignConfig c) {
        SourceCensus census = new SourceCensus(c.prices(), StorageClass.STANDARD, c.cold().storageClass(), 0, 1);
        for (int i = 0; i < (1 << 20); i++) {
            census.add(narKey(i), MIB, null);
        }
        return census;
    }

    @Test
    void oneTibOfNarsInDeepArchivePacks() throws IOException {
        CampaignConfig c = config("{ monthlyCapUsd: 50 }", "");
        SourceCensus census = tibOfNars(c);
        CampaignPlan p = new PlanEstimator(c, new PlanOptions(1.0, 0.0, 0, 1)).estimate(census, null, "s3://big-cache/",
                "listing", BigDecimal.ZERO, 0);

        assertThat(p.objectsByKind()).containsExactly(java.util.Map.entry("NAR", 1L << 20));
        assertThat(p.narBytes()).isEqualTo(TIB);
        // 1 TiB in 512 MiB packs: 2048 packs of 34 requests (initiate, 32 parts of 16 MiB, complete)
        assertThat(p.packs()).containsEntry("cold", 2048L).containsEntry("warm", 0L).containsEntry("metadata", 0L);
        assertThat(p.requests().get("cold")).containsEntry("INITIATE_MULTIPART", 2048L)
                .containsEntry("UPLOAD_PART", 65_536L).containsEntry("COMPLETE_MULTIPART", 2048L)
                .containsEntry("GET_RANGE", 4096L); // footer and trailer read back
        // an index object per pack: (112 + 8) * 2048 packs + 32 * 264,191 segments (4 MiB, one partial per pack)
        // + 44 * 2^25 chunks (32 KiB average) = 1,485,094,880 B in all, ~0.7 MB each: one PUT and one read-back GET
        // per pack on the warm tier
        assertThat(p.requests().get("warm")).containsExactly(java.util.Map.entry("PUT", 2048L), java.util.Map.entry("GET", 2048L));
        assertThat(p.storedBytes()).containsEntry("cold", TIB).containsEntry("warm", 1_485_094_880L);
        assertThat(p.requests().get("source")).containsEntry("LIST", 1049L).containsEntry("GET", 1L << 20);
        assertThat(p.egressBytes()).isEqualTo(TIB);

        // cost: 1049 LIST at $0.005/1000; 2^20 GET at $0.0004/1000; 1024 GB egress at $0.09;
        // 69,632 PUT-class at $0.05/1000; 4096 GET at $0.0004/1000; read-back 1,484,980,192 B egress (index bodies + footers: 1,485,094,880 - 2048 * 56)
        assertThat(p.costUsd().get("source.list")).isEqualByComparingTo("0.005245");
        assertThat(p.costUsd().get("source.get")).isEqualByComparingTo("0.4194304");
        assertThat(p.costUsd().get("source.egress")).isEqualByComparingTo("92.16");
        assertThat(p.costUsd().get("cold.put")).isEqualByComparingTo("3.4816");
        assertThat(p.costUsd().get("cold.get")).isEqualByComparingTo("0.0016384");
        assertThat(p.costUsd().get("cold.egress")).isEqualByComparingTo("0.124469601810");
        assertThat(p.costUsd().get("warm.requests")).isZero();
        assertThat(p.migrationCostUsd()).isEqualByComparingTo("96.192383401810");
        assertThat(p.budget().months()).isEqualTo(2); // $96.32 under a $50 monthly cap

        // storage: 1 TiB STANDARD = $23.552; after: DEEP_ARCHIVE 1024 GB + 2048 * (8 KiB STANDARD + 32 KiB archive)
        // = 1.01376 + 0.000359375 + 0.000061875, plus the index objects on the warm tier at $0.005/GB
        var st = p.storage();
        assertThat(st.beforeUsd()).isEqualByComparingTo("23.552");
        assertThat(st.cold().totalUsd()).isEqualByComparingTo("1.01418125");
        assertThat(st.warmUsd()).isEqualByComparingTo("0.006915511936");
        assertThat(st.afterUsd()).isEqualByComparingTo("1.021096761936");
        assertThat(st.savingsUsd()).isEqualByComparingTo("22.530903238064");
        // archiving the million objects one by one instead: $52.43 of transitions and 40 KiB of metadata each
        assertThat(p.inPlaceTransition().transitionUsd()).isEqualByComparingTo("52.4288");
        assertThat(p.inPlaceTransition().monthly().totalUsd()).isEqualByComparingTo("1.22944");
    }

    @Test
    void warmShareRatioRateLimitsAndCapsChangeTheEstimate() throws IOException {
        CampaignConfig c = config("{ monthlyCapUsd: 50, totalCapUsd: 60 }",
                "limits: { sourceRequestsPerSecond: 100, sourceBytesPerSecond: 100MiB, tierRequestsPerSecond: 10 }\n");
        CampaignPlan p = new PlanEstimator(c, new PlanOptions(0.5, 0.25, 0, 1)).estimate(tibOfNars(c), null, "s",
                "listing", BigDecimal.ZERO, 0);
        // half a TiB stored, a quarter of it warm: 128 GiB = 256 warm packs, 384 GiB = 768 cold packs
        assertThat(p.packs()).containsEntry("warm", 256L).containsEntry("cold", 768L);
        assertThat(p.storedBytes().get("cold")).isEqualTo(384L << 30);
        // bytes at 100 MiB/s: 1 TiB / 100 MiB = 10,485.76 s; requests at 100/s: (1049 + 2^20) / 100 = 10,496.25 s;
        // warm requests (256 * 34 data uploads + 1024 index PUTs + 1024 GETs + 512 GET_RANGE) / 10 = 1126.4 s
        assertThat(p.minimumDurationSeconds()).isEqualTo(10_497L);
        assertThat(p.budget().totalCapCoversRun()).isFalse();
        assertThat(p.assumptions().storedRatio()).isEqualTo(0.5);
        assertThat(p.assumptions().storedRatioFrom()).isEqualTo("option");
    }
}
