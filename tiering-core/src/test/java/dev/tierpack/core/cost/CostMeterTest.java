package dev.tierpack.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.core.tier.RetryingTier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierOptions;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.core.tier.Tiers;
import dev.tierpack.core.tier.Upload;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostMeterTest {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    final List<LedgerEntry> ledger = Collections.synchronizedList(new ArrayList<>());

    CostMeter meter(StorageClass cold) {
        return CostMeter.builder(new Tariff(PriceTable.defaults(), StorageClass.STANDARD, cold), "demo")
                .source("source").tier("warm", Role.WARM).tier("cold", Role.COLD)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).ledger(ledger::add).build();
    }

    static BigDecimal sum(List<LedgerEntry> entries) {
        return entries.stream().map(LedgerEntry::usd).reduce(Money.ZERO, BigDecimal::add);
    }

    @Test
    void everyRequestIsPricedByItsEndpointsRoleAndLedgered() {
        CostMeter m = meter(StorageClass.DEEP_ARCHIVE);
        m.onSourceRequest(RequestKind.LIST, 3, 0);                 // 3 * 0.005/1000
        m.onSourceRequest(RequestKind.GET, 1, 1L << 30);           // 0.0004/1000 + 0.09
        m.onRequest("cold", RequestKind.INITIATE_MULTIPART, 0);    // 0.05/1000 each
        m.onRequest("cold", RequestKind.UPLOAD_PART, 16L << 20);
        m.onRequest("cold", RequestKind.UPLOAD_PART, 1L << 20);
        m.onRequest("cold", RequestKind.COMPLETE_MULTIPART, 0);
        m.onRequest("cold", RequestKind.DELETE, 0);                // free
        m.onRequest("warm", RequestKind.PUT, 500);                 // warm default: $0

        CostTotals t = m.snapshot();
        assertThat(t.costUsd()).containsOnlyKeys("source.list", "source.get", "source.egress", "warm.requests", "cold.put");
        assertThat(t.costUsd().get("source.list")).isEqualByComparingTo("0.000015");
        assertThat(t.costUsd().get("source.get")).isEqualByComparingTo("0.0000004");
        assertThat(t.costUsd().get("source.egress")).isEqualByComparingTo("0.09");
        assertThat(t.costUsd().get("cold.put")).isEqualByComparingTo("0.0002");
        assertThat(t.costUsd().get("warm.requests")).isZero();
        assertThat(t.totalUsd()).isEqualByComparingTo("0.0902154");

        CostTotals.Endpoint cold = t.endpoints().get("cold");
        assertThat(cold.role()).isEqualTo(Role.COLD);
        assertThat(cold.requests(RequestKind.UPLOAD_PART)).isEqualTo(2);
        assertThat(cold.requests(RequestKind.DELETE)).isEqualTo(1);
        assertThat(cold.bytesOut()).isEqualTo((16L << 20) + (1L << 20));
        assertThat(cold.usd()).isEqualByComparingTo("0.0002");
        assertThat(t.endpoints().get("source").bytesIn()).isEqualTo(1L << 30);
        assertThat(t.endpoints().get("source").requests(RequestKind.LIST)).isEqualTo(3);

        assertThat(ledger).hasSize(8);
        assertThat(ledger.get(0)).isEqualTo(new LedgerEntry(NOW, "demo", Role.SOURCE, "LIST", 3, 0, new BigDecimal("0.000015")));
        assertThat(sum(ledger)).isEqualByComparingTo(t.totalUsd());
    }

    @Test
    void unknownEndpointsAreAWiringErrorNotAFreeRequest() {
        CostMeter m = meter(StorageClass.DEEP_ARCHIVE);
        assertThatThrownBy(() -> m.onRequest("lukewarm", RequestKind.PUT, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lukewarm");
        assertThat(ledger).isEmpty();
        CostMeter noSource = CostMeter.builder(new Tariff(PriceTable.defaults(), StorageClass.STANDARD,
                StorageClass.DEEP_ARCHIVE), "demo").tier("cold", Role.COLD).build();
        assertThatThrownBy(() -> noSource.onSourceRequest(RequestKind.GET, 1, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentRequestsAddUpExactly() throws Exception {
        CostMeter m = meter(StorageClass.GLACIER_IR);
        int threads = 4;
        int perThread = 5000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                fs.add(pool.submit(() -> {
                    for (int j = 0; j < perThread; j++) {
                        m.onRequest("cold", RequestKind.PUT, 1000);
                        m.onSourceRequest(RequestKind.GET, 1, 1000);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        CostTotals t = m.snapshot();
        // 20,000 PUTs at $0.02/1000 = $0.40; 20,000 GETs at $0.0004/1000 = $0.008
        assertThat(t.costUsd().get("cold.put")).isEqualByComparingTo("0.4");
        assertThat(t.costUsd().get("source.get")).isEqualByComparingTo("0.008");
        // egress priced per request: 1000 B * 0.09 / 2^30 = 8.3819e-8 -> 0.000000083819 each
        assertThat(t.costUsd().get("source.egress")).isEqualByComparingTo("0.00167638");
        assertThat(ledger).hasSize(2 * threads * perThread);
        assertThat(sum(ledger)).isEqualByComparingTo(t.totalUsd());
    }

    @Test
    void restoresAreLedgeredAsRestoreEntries() {
        CostMeter m = meter(StorageClass.DEEP_ARCHIVE);
        m.onRestore("cold", RestoreTier.BULK, 2, 1L << 30);
        assertThat(m.snapshot().costUsd()).containsOnlyKeys("cold.restore");
        assertThat(m.snapshot().costUsd().get("cold.restore")).isEqualByComparingTo("0.00255");
        assertThat(ledger).singleElement().extracting(LedgerEntry::kind, LedgerEntry::count)
                .containsExactly("RESTORE", 2L);
    }

    @Test
    void meteringARealTierThroughTheStandardDecorators(@TempDir Path dir) throws Exception {
        CostMeter m = meter(StorageClass.DEEP_ARCHIVE);
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0);
                Tier cold = Tiers.decorate(Tiers.open(new TierSpec.Embedded("cold", s3, "cold", "DEEP_ARCHIVE"),
                        new TierOptions(Tier.MIN_PART_SIZE, 1000)), RetryingTier.Settings.defaults(), null, m)) {
            try (Upload up = cold.upload("packs/00/p.pack")) {
                OutputStream out = up.stream();
                byte[] buf = new byte[1 << 20];
                for (int i = 0; i < 6; i++) {
                    out.write(buf);
                }
                out.close();
                up.commit();
            }
            try (InputStream in = cold.readRange("packs/00/p.pack", 100, 4096)) {
                assertThat(in.readAllBytes()).hasSize(4096);
            }
        }
        CostTotals t = m.snapshot();
        CostTotals.Endpoint cold = t.endpoints().get("cold");
        // 6 MiB in 5 MiB parts: initiate + 2 parts + complete, at $0.05/1000
        assertThat(cold.requests(RequestKind.UPLOAD_PART)).isEqualTo(2);
        assertThat(t.costUsd().get("cold.put")).isEqualByComparingTo("0.0002");
        assertThat(cold.bytesOut()).isEqualTo(6L << 20);
        assertThat(cold.requests(RequestKind.GET_RANGE)).isEqualTo(1);
        assertThat(cold.bytesIn()).isEqualTo(4096);
        assertThat(sum(ledger)).isEqualByComparingTo(t.totalUsd());
    }
}
