package dev.tierpack.core.cost;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Monthly storage cost with a {@link PriceTable}: what the source bucket costs before a migration,
 * what the warm and cold tiers cost after, including the per-object rules of archive classes:
 *
 * <ul>
 *   <li>billed bytes: each object counted at least at the class's minimum billable size (GLACIER_IR:
 *       128 KiB), see {@link Holding.Tally};
 *   <li>per-object metadata: {@link ClassPrices#standardOverheadBytes()} (8 KiB for GLACIER and
 *       DEEP_ARCHIVE) billed at the STANDARD price, {@link ClassPrices#archiveOverheadBytes()}
 *       (32 KiB) at the class's own price;
 *   <li>minimum storage duration: {@link Breakdown#minimumDurationUsd()} is what an object stored now
 *       costs at the least, however soon it is deleted (a 30-day month).
 * </ul>
 *
 * Volume bands ({@link StorageBand}) apply per holding, as if it were the account's only usage of
 * its class (as the AWS pricing calculator does); a GB is 2<sup>30</sup> bytes.
 */
public final class StorageCost {
    /** Days in the month used for minimum-duration charges. */
    public static final int DAYS_PER_MONTH = 30;

    private final PriceTable prices;

    public StorageCost(PriceTable prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /**
     * The monthly cost of one holding.
     *
     * @param dataUsd the billed bytes at the class's price
     * @param standardOverheadUsd per-object metadata billed at the STANDARD price
     * @param archiveOverheadUsd per-object metadata billed at the class's price
     * @param totalUsd the sum of the three
     * @param minimumDurationUsd {@code totalUsd × minStorageDays / 30}: the least a newly stored copy costs
     */
    public record Breakdown(StorageClass storageClass, long objects, long bytes, long billedBytes,
            BigDecimal dataUsd, BigDecimal standardOverheadUsd, BigDecimal archiveOverheadUsd, BigDecimal totalUsd,
            int minStorageDays, BigDecimal minimumDurationUsd) {}

    /** The monthly cost of {@code h}. */
    public Breakdown monthly(Holding h) {
        ClassPrices cls = prices.of(h.storageClass());
        long archiveMeta = Math.multiplyExact(h.objects(), cls.archiveOverheadBytes());
        long standardMeta = Math.multiplyExact(h.objects(), cls.standardOverheadBytes());
        BigDecimal data = cls.storageMonthly(Money.gb(h.billedBytes()));
        BigDecimal dataAndMeta = cls.storageMonthly(Money.gb(Math.addExact(h.billedBytes(), archiveMeta)));
        BigDecimal archiveOverhead = dataAndMeta.subtract(data);
        BigDecimal standardOverhead = prices.of(StorageClass.STANDARD).storageMonthly(Money.gb(standardMeta));
        BigDecimal total = dataAndMeta.add(standardOverhead);
        BigDecimal minimum = cls.minStorageDays() == 0 ? Money.ZERO
                : Money.round(total.multiply(BigDecimal.valueOf(cls.minStorageDays()))
                        .divide(BigDecimal.valueOf(DAYS_PER_MONTH), Money.SCALE, java.math.RoundingMode.HALF_EVEN));
        return new Breakdown(h.storageClass(), h.objects(), h.bytes(), h.billedBytes(), data, standardOverhead,
                archiveOverhead, total, cls.minStorageDays(), minimum);
    }

    /** The monthly cost of {@code bytes} on the warm tier. */
    public BigDecimal warmMonthly(long bytes) {
        return Money.perGb(prices.warm().storagePerGbMonth(), bytes);
    }

    /**
     * Before and after a migration.
     *
     * @param before the source bucket, one breakdown per storage class
     * @param warmBytes bytes stored on the warm tier (packs, indexes, manifests, narinfos)
     * @param cold the cold tier's packs
     */
    public Comparison compare(List<Holding> before, long warmBytes, Holding cold) {
        List<Breakdown> b = before.stream().map(this::monthly).toList();
        BigDecimal beforeUsd = b.stream().map(Breakdown::totalUsd).reduce(Money.ZERO, BigDecimal::add);
        BigDecimal warmUsd = warmMonthly(warmBytes);
        Breakdown c = monthly(cold);
        BigDecimal afterUsd = warmUsd.add(c.totalUsd());
        return new Comparison(b, beforeUsd, warmBytes, warmUsd, c, afterUsd, beforeUsd.subtract(afterUsd));
    }

    /**
     * Monthly storage cost before and after.
     *
     * @param savingsUsd {@code beforeUsd - afterUsd} (negative if the migration costs more to keep)
     */
    public record Comparison(List<Breakdown> before, BigDecimal beforeUsd, long warmBytes, BigDecimal warmUsd,
            Breakdown cold, BigDecimal afterUsd, BigDecimal savingsUsd) {
        public Comparison {
            before = List.copyOf(before);
        }
    }
}
