package dev.tierpack.core.cost;

import dev.tierpack.core.error.ConfigException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every price a campaign pays, by role (docs/COSTS.md lists the defaults with their sources).
 *
 * <ul>
 *   <li>Source: GET/HEAD at the source objects' class GET price, LIST at the STANDARD PUT-class price
 *       (S3 bills LIST with PUT, COPY and POST), every byte read at {@link #egressPerGb}.
 *   <li>Cold: requests at the cold class's prices, LIST at the STANDARD PUT-class price, bytes read at
 *       {@link #egressPerGb} plus the class's retrieval fee, storage per {@link ClassPrices}.
 *   <li>Warm: {@link WarmPrices}, no egress (own network).
 * </ul>
 *
 * @param asOf the date the prices were read from their sources
 * @param reference where they come from (URLs)
 * @param classes prices of every {@link StorageClass}; all must be present
 * @param egressPerGb data transfer out of AWS to the internet, USD per GB (the first volume tier)
 * @param warm the warm tier's prices
 */
public record PriceTable(LocalDate asOf, String reference, Map<StorageClass, ClassPrices> classes,
        BigDecimal egressPerGb, WarmPrices warm) {

    /** The date the defaults were taken from the AWS price pages. */
    public static final LocalDate DEFAULTS_AS_OF = LocalDate.of(2025, 6, 1);

    public PriceTable {
        Objects.requireNonNull(asOf, "asOf");
        reference = reference == null ? "" : reference;
        if (classes == null) {
            throw new ConfigException("storage class prices are required", "key", "classes");
        }
        for (StorageClass c : StorageClass.values()) {
            if (classes.get(c) == null) {
                throw new ConfigException("prices missing for a storage class", "key", "classes." + c.name());
            }
        }
        classes = Collections.unmodifiableMap(new EnumMap<>(classes));
        Money.nonNegative(egressPerGb, "egressPerGb");
        if (warm == null) {
            throw new ConfigException("warm tier prices are required", "key", "warm");
        }
    }

    /** The prices of one class. */
    public ClassPrices of(StorageClass c) {
        return classes.get(c);
    }

    /** LIST requests, USD per thousand: the STANDARD PUT-class price, whatever the objects' class. */
    public BigDecimal listPer1000() {
        return of(StorageClass.STANDARD).putPer1000();
    }

    /**
     * AWS S3 list prices in us-east-1 (US East, N. Virginia) as of {@link #DEFAULTS_AS_OF}, and the
     * warm-tier assumption; see docs/COSTS.md for each figure's source.
     */
    public static PriceTable defaults() {
        Map<StorageClass, ClassPrices> m = new EnumMap<>(StorageClass.class);
        m.put(StorageClass.STANDARD, new ClassPrices(
                List.of(new StorageBand(new BigDecimal("51200"), new BigDecimal("0.023")),
                        new StorageBand(new BigDecimal("512000"), new BigDecimal("0.022")),
                        StorageBand.flat("0.021")),
                usd("0.005"), usd("0.0004"), usd("0"), usd("0"), Map.of(), 0, 0, 0, 0));
        m.put(StorageClass.GLACIER_IR, new ClassPrices(List.of(StorageBand.flat("0.004")),
                usd("0.02"), usd("0.01"), usd("0.02"), usd("0.03"), Map.of(), 90, 128 * 1024, 0, 0));
        m.put(StorageClass.GLACIER, new ClassPrices(List.of(StorageBand.flat("0.0036")),
                usd("0.03"), usd("0.0004"), usd("0.03"), usd("0"),
                Map.of(RestoreTier.EXPEDITED, new RestorePrice(usd("0.03"), usd("10.00")),
                        RestoreTier.STANDARD, new RestorePrice(usd("0.01"), usd("0.05")),
                        RestoreTier.BULK, new RestorePrice(usd("0"), usd("0"))),
                90, 0, 8 * 1024, 32 * 1024));
        m.put(StorageClass.DEEP_ARCHIVE, new ClassPrices(List.of(StorageBand.flat("0.00099")),
                usd("0.05"), usd("0.0004"), usd("0.05"), usd("0"),
                Map.of(RestoreTier.STANDARD, new RestorePrice(usd("0.02"), usd("0.10")),
                        RestoreTier.BULK, new RestorePrice(usd("0.0025"), usd("0.025"))),
                180, 0, 8 * 1024, 32 * 1024));
        return new PriceTable(DEFAULTS_AS_OF,
                "https://aws.amazon.com/s3/pricing/ (us-east-1); "
                        + "https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html; "
                        + "warm tier: stated assumption (docs/COSTS.md)",
                m, usd("0.09"), new WarmPrices(usd("0.005"), usd("0")));
    }

    private static BigDecimal usd(String v) {
        return new BigDecimal(v);
    }
}
