package dev.tierpack.core.placement;

import dev.tierpack.core.cost.ClassPrices;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestorePrice;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.cost.StorageClass;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What restoring archived objects costs and how long it takes, per retrieval tier the storage class offers. Costs
 * come from the {@link PriceTable} ({@link RestorePrice}); times are AWS's documented completion bounds
 * (S3 User Guide, "Archive retrieval options"): GLACIER expedited 1-5 minutes, standard 3-5 hours, bulk 5-12 hours;
 * DEEP_ARCHIVE standard within 12 hours, bulk within 48 hours.
 *
 * @param tier    the retrieval tier
 * @param costUsd cost of restoring {@code objects} objects of {@code bytes} bytes in total
 * @param within  documented upper bound of the restore time
 */
public record RestoreEstimate(RestoreTier tier, BigDecimal costUsd, Duration within) {
    public RestoreEstimate {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(within, "within");
    }

    /** Documented upper bound of a restore's completion time, if {@code c} offers {@code tier}. */
    public static Optional<Duration> within(StorageClass c, RestoreTier tier) {
        return Optional.ofNullable(switch (c) {
            case GLACIER -> switch (tier) {
                case EXPEDITED -> Duration.ofMinutes(5);
                case STANDARD -> Duration.ofHours(5);
                case BULK -> Duration.ofHours(12);
            };
            case DEEP_ARCHIVE -> switch (tier) {
                case EXPEDITED -> null;
                case STANDARD -> Duration.ofHours(12);
                case BULK -> Duration.ofHours(48);
            };
            case STANDARD, GLACIER_IR -> null;
        });
    }

    /**
     * Estimates for restoring {@code objects} objects of {@code bytes} bytes stored in {@code c}, one per retrieval
     * tier with both a price and a documented time, fastest first; empty for classes that need no restore.
     */
    public static List<RestoreEstimate> of(PriceTable prices, StorageClass c, long objects, long bytes) {
        List<RestoreEstimate> out = new ArrayList<>();
        if (!c.archived()) {
            return out;
        }
        ClassPrices p = prices.of(c);
        for (RestoreTier t : RestoreTier.values()) {
            RestorePrice price = p.restore().get(t);
            Optional<Duration> within = within(c, t);
            if (price != null && within.isPresent()) {
                out.add(new RestoreEstimate(t, price.cost(objects, bytes), within.get()));
            }
        }
        return out;
    }

    /** For tests and reports: every tier's estimate keyed by tier. */
    public static Map<RestoreTier, RestoreEstimate> byTier(List<RestoreEstimate> all) {
        Map<RestoreTier, RestoreEstimate> m = new java.util.EnumMap<>(RestoreTier.class);
        all.forEach(e -> m.put(e.tier(), e));
        return m;
    }
}
