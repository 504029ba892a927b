package dev.tierpack.core.cost;

import dev.tierpack.core.error.ConfigException;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The prices and billing rules of one S3 storage class.
 *
 * @param storage storage price bands in ascending order, the last unbounded (one band for a flat price)
 * @param putPer1000 PUT, COPY, POST (and multipart initiate, part, complete) requests, USD per thousand
 * @param getPer1000 GET, HEAD and "all other" requests, USD per thousand
 * @param transitionPer1000 lifecycle transition requests into this class, USD per thousand
 * @param retrievalPerGb data retrieval fee per GB read by GET (GLACIER_IR); 0 where reads need a restore instead
 * @param restore restore prices by retrieval tier (archived classes only; empty otherwise)
 * @param minStorageDays minimum storage duration: an object deleted earlier is billed for the rest
 * @param minBillableBytes minimum billable object size: smaller objects are billed as this size
 * @param standardOverheadBytes metadata bytes per object billed at the STANDARD storage price
 * @param archiveOverheadBytes metadata bytes per object billed at this class's storage price
 */
public record ClassPrices(List<StorageBand> storage, BigDecimal putPer1000, BigDecimal getPer1000,
        BigDecimal transitionPer1000, BigDecimal retrievalPerGb, Map<RestoreTier, RestorePrice> restore,
        int minStorageDays, long minBillableBytes, long standardOverheadBytes, long archiveOverheadBytes) {

    public ClassPrices {
        if (storage == null || storage.isEmpty()) {
            throw new ConfigException("at least one storage band is required", "key", "storage");
        }
        storage = List.copyOf(storage);
        BigDecimal previous = BigDecimal.ZERO;
        for (int i = 0; i < storage.size(); i++) {
            BigDecimal bound = storage.get(i).upToGb();
            boolean last = i == storage.size() - 1;
            if (last != (bound == null)) {
                throw new ConfigException("only the last storage band is unbounded (no upToGb)", "key", "storage",
                        "band", i);
            }
            if (bound != null && bound.compareTo(previous) <= 0) {
                throw new ConfigException("storage band bounds must increase", "key", "storage", "band", i,
                        "upToGb", bound.toPlainString());
            }
            previous = bound;
        }
        Money.nonNegative(putPer1000, "putPer1000");
        Money.nonNegative(getPer1000, "getPer1000");
        Money.nonNegative(transitionPer1000, "transitionPer1000");
        Money.nonNegative(retrievalPerGb, "retrievalPerGb");
        restore = restore == null || restore.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(restore));
        requireNonNegative(minStorageDays, "minStorageDays");
        requireNonNegative(minBillableBytes, "minBillableBytes");
        requireNonNegative(standardOverheadBytes, "standardOverheadBytes");
        requireNonNegative(archiveOverheadBytes, "archiveOverheadBytes");
    }

    /** Monthly storage cost of {@code gb} GB through the bands. */
    public BigDecimal storageMonthly(BigDecimal gb) {
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal floor = BigDecimal.ZERO;
        for (StorageBand band : storage) {
            if (gb.compareTo(floor) <= 0) {
                break;
            }
            BigDecimal top = band.upToGb() == null ? gb : gb.min(band.upToGb());
            cost = cost.add(top.subtract(floor).multiply(band.perGbMonth()));
            floor = top;
        }
        return Money.round(cost);
    }

    /** The price of the first band (the marginal price of small usage). */
    public BigDecimal firstBandPerGbMonth() {
        return storage.getFirst().perGbMonth();
    }

    /** The billed size of one object of {@code size} bytes (the minimum billable size applied). */
    public long billableSize(long size) {
        return Math.max(size, minBillableBytes);
    }

    private static void requireNonNegative(long v, String key) {
        if (v < 0) {
            throw new ConfigException("value must not be negative", "key", key, "value", v);
        }
    }
}
