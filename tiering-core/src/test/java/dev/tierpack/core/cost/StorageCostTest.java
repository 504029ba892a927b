package dev.tierpack.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Monthly storage arithmetic against hand-computed figures (GB = 2^30 bytes; amounts at 12 places,
 * each priced line rounded half-even).
 */
class StorageCostTest {
    static final long TIB = 1L << 40;
    static final long GIB = 1L << 30;
    final StorageCost cost = new StorageCost(PriceTable.defaults());

    @Test
    void oneTibInAMillionObjectsInDeepArchivePaysFortyKibOfMetadataPerObject() {
        StorageCost.Breakdown b = cost.monthly(Holding.ofLargeObjects(StorageClass.DEEP_ARCHIVE, 1_000_000, TIB));
        // data: 1024 GB * $0.00099 = $1.01376
        assertThat(b.dataUsd()).isEqualByComparingTo("1.01376");
        // 8 KiB * 1e6 = 8,192,000,000 B = 7.62939453125 GB at STANDARD $0.023 = $0.17547607421875
        assertThat(b.standardOverheadUsd()).isEqualByComparingTo("0.175476074219");
        // 32 KiB * 1e6 = 30.517578125 GB at $0.00099 = $0.03021240234375
        assertThat(b.archiveOverheadUsd()).isEqualByComparingTo("0.030212402344");
        assertThat(b.totalUsd()).isEqualByComparingTo("1.219448476563");
        // 180 days minimum = 6 months of 30 days
        assertThat(b.minStorageDays()).isEqualTo(180);
        assertThat(b.minimumDurationUsd()).isEqualByComparingTo("7.316690859378");
    }

    @Test
    void theSameTibInTwoThousandPacksMakesTheOverheadNegligible() {
        StorageCost.Breakdown b = cost.monthly(Holding.ofLargeObjects(StorageClass.DEEP_ARCHIVE, 2000, TIB));
        // 8 KiB * 2000 = 0.0152587890625 GB * 0.023 = 0.0003509521484375
        assertThat(b.standardOverheadUsd()).isEqualByComparingTo("0.000350952148");
        // 32 KiB * 2000 = 0.06103515625 GB * 0.00099 = 0.0000604248046875
        assertThat(b.archiveOverheadUsd()).isEqualByComparingTo("0.000060424805");
        assertThat(b.totalUsd()).isEqualByComparingTo("1.014171376953");
        // the million small objects cost 20% more per month than the data alone
        BigDecimal small = cost.monthly(Holding.ofLargeObjects(StorageClass.DEEP_ARCHIVE, 1_000_000, TIB)).totalUsd();
        assertThat(small.subtract(b.totalUsd())).isEqualByComparingTo("0.20527709961");
    }

    @Test
    void standardHasNoOverheadAndVolumeBandsApply() {
        StorageCost.Breakdown b = cost.monthly(Holding.ofLargeObjects(StorageClass.STANDARD, 1_000_000, TIB));
        assertThat(b.totalUsd()).isEqualByComparingTo("23.552");
        assertThat(b.standardOverheadUsd()).isZero();
        assertThat(b.archiveOverheadUsd()).isZero();
        assertThat(b.minimumDurationUsd()).isZero();
        // 100 TB = 102,400 GB: 51,200 * 0.023 + 51,200 * 0.022
        assertThat(cost.monthly(Holding.ofLargeObjects(StorageClass.STANDARD, 1, 102_400 * GIB)).totalUsd())
                .isEqualByComparingTo("2304.0");
        // 600,000 GB: 51,200 * 0.023 + 460,800 * 0.022 + 88,000 * 0.021
        assertThat(cost.monthly(Holding.ofLargeObjects(StorageClass.STANDARD, 1, 600_000 * GIB)).totalUsd())
                .isEqualByComparingTo("13163.2");
    }

    @Test
    void glacierInstantRetrievalBillsSmallObjectsAsOneHundredTwentyEightKib() {
        Holding.Tally t = new Holding.Tally(StorageClass.GLACIER_IR, PriceTable.defaults());
        for (int i = 0; i < 1000; i++) {
            t.add(1024);
        }
        t.add(1L << 20); // a 1 MiB object is billed as it is
        Holding h = t.holding();
        assertThat(h.bytes()).isEqualTo(1000 * 1024 + (1 << 20));
        assertThat(h.billedBytes()).isEqualTo(1000 * 131_072L + (1 << 20));
        // (128,000 KiB + 1,024 KiB) = 0.123046875 GB * 0.004; 90 days = 3 months
        StorageCost.Breakdown b = cost.monthly(h);
        assertThat(b.totalUsd()).isEqualByComparingTo("0.0004921875");
        assertThat(b.minimumDurationUsd()).isEqualByComparingTo("0.0014765625");
        assertThat(b.standardOverheadUsd()).isZero();
    }

    @Test
    void beforeAndAfter() {
        StorageCost.Comparison c = cost.compare(
                List.of(Holding.ofLargeObjects(StorageClass.STANDARD, 1_000_000, TIB)),
                100 * GIB, Holding.ofLargeObjects(StorageClass.DEEP_ARCHIVE, 2000, TIB));
        assertThat(c.beforeUsd()).isEqualByComparingTo("23.552");
        assertThat(c.warmUsd()).isEqualByComparingTo("0.5"); // 100 GB at the assumed $0.005
        assertThat(c.afterUsd()).isEqualByComparingTo("1.514171376953");
        assertThat(c.savingsUsd()).isEqualByComparingTo("22.037828623047");
    }

    @Test
    void priceTablesRejectNegativePricesAndMisorderedBands() {
        assertThatThrownBy(() -> new WarmPrices(new BigDecimal("-1"), BigDecimal.ZERO))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storagePerGbMonth").hasMessageContaining("-1");
        assertThatThrownBy(() -> new ClassPrices(List.of(StorageBand.flat("0.1"), StorageBand.flat("0.2")),
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Map.of(), 0, 0, 0, 0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only the last storage band is unbounded");
        assertThatThrownBy(() -> new ClassPrices(List.of(new StorageBand(new BigDecimal("10"), BigDecimal.ONE),
                new StorageBand(new BigDecimal("5"), BigDecimal.ONE), StorageBand.flat("1")),
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Map.of(), 0, 0, 0, 0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must increase").hasMessageContaining("band=1");
    }

    @Test
    void defaultsAreDatedAndCoverEveryClass() {
        PriceTable p = PriceTable.defaults();
        assertThat(p.asOf()).isEqualTo(PriceTable.DEFAULTS_AS_OF);
        assertThat(p.reference()).contains("https://aws.amazon.com/s3/pricing/");
        assertThat(p.classes()).containsOnlyKeys(StorageClass.values());
        assertThat(p.of(StorageClass.DEEP_ARCHIVE).minStorageDays()).isEqualTo(180);
        assertThat(p.of(StorageClass.GLACIER).minStorageDays()).isEqualTo(90);
        assertThat(p.of(StorageClass.GLACIER_IR).minStorageDays()).isEqualTo(90);
        assertThat(p.of(StorageClass.GLACIER_IR).minBillableBytes()).isEqualTo(128 * 1024);
        assertThat(p.of(StorageClass.DEEP_ARCHIVE).standardOverheadBytes() + p.of(StorageClass.DEEP_ARCHIVE).archiveOverheadBytes())
                .isEqualTo(40 * 1024);
        assertThat(p.of(StorageClass.DEEP_ARCHIVE).restore()).containsOnlyKeys(RestoreTier.STANDARD, RestoreTier.BULK);
    }
}
