package dev.tierpack.campaign.plan;

import dev.tierpack.core.cost.StorageCost;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The estimate {@code campaign plan} prints and writes as JSON ({@code --report-json}); field names
 * are the JSON keys. Counts are exact for what was listed, estimates for what a run will do (see
 * {@link Assumptions}). Money in USD.
 *
 * @param listedFrom {@code listing} (the source was listed) or {@code inventory} (an S3 Inventory report was read)
 * @param sourceObjects objects under the source prefix
 * @param storePaths narinfos
 * @param narBytes bytes of NAR objects (compressed, as stored in the source)
 * @param objectsByKind objects per {@link dev.tierpack.core.source.KeyKind}
 * @param objectsByStorageClass objects per storage class as listed (or configured)
 * @param requests expected requests of the run, per role ({@code source}, {@code warm}, {@code cold}) and kind
 * @param egressBytes bytes the run reads from the source
 * @param storedBytes expected bytes stored per tier after the run
 * @param objectsWritten expected objects written per tier (packs, index objects)
 * @param packs expected packs: {@code warm} and {@code cold} data packs, {@code metadata} packs (narinfos, listings)
 * @param costUsd expected cost of the run by line item
 * @param migrationCostUsd the sum of {@code costUsd}
 * @param storage monthly storage cost before and after
 * @param inPlaceTransition for comparison: lifecycle-transitioning every source object to the cold class as it is
 * @param budget what the caps imply
 * @param minimumDurationSeconds the least time the run takes at the configured rate limits, or null without limits
 * @param planCostUsd what this plan itself spent reading the source (its listing and sample), priced as the run's requests
 */
public record CampaignPlan(String campaign, String source, String listedFrom, String pricesAsOf, long sourceObjects,
        long sourceBytes, long storePaths, long narBytes, Map<String, Long> objectsByKind, Map<String, Long> bytesByKind,
        Map<String, Long> objectsByStorageClass, Map<String, Long> bytesByStorageClass, Assumptions assumptions,
        Sample sample, Map<String, Map<String, Long>> requests, long egressBytes, Map<String, Long> storedBytes,
        Map<String, Long> objectsWritten, Map<String, Long> packs, Map<String, BigDecimal> costUsd,
        BigDecimal migrationCostUsd, Storage storage, InPlaceTransition inPlaceTransition, BudgetOutlook budget,
        Long minimumDurationSeconds, BigDecimal planCostUsd, double durationSeconds) {

    /**
     * What the estimate assumes.
     *
     * @param storedRatio stored bytes per byte of compressed NAR
     * @param storedRatioFrom {@code default}, {@code option} or {@code sample}
     * @param warmFraction share of stored NAR data placed warm
     * @param fetchedKinds kinds of object the run reads (others are listed but not migrated)
     * @param unpricedStorageClasses source classes without prices, priced as STANDARD
     */
    public record Assumptions(double storedRatio, String storedRatioFrom, double warmFraction, List<String> fetchedKinds,
            long packSize, int partSize, int chunkAvgSize, List<String> unpricedStorageClasses) {}

    /**
     * What {@code --sample N} measured.
     *
     * @param narObjectBytes compressed NAR bytes of the sampled store paths
     * @param narSize their uncompressed NAR bytes
     * @param storedBytes bytes of the packs the sample produced
     * @param storedChunks distinct chunks stored
     * @param dedupChunks chunks found already stored
     */
    public record Sample(int storePaths, int failed, long narObjectBytes, long narSize, long storedBytes, long packs,
            long chunks, long storedChunks, long dedupChunks, double ratio) {}

    /** Monthly storage cost before (source bucket, per class) and after (warm + cold). */
    public record Storage(BigDecimal beforeUsd, List<StorageCost.Breakdown> before, BigDecimal warmUsd,
            StorageCost.Breakdown cold, BigDecimal afterUsd, BigDecimal savingsUsd) {}

    /** Transition requests and monthly cost of archiving the source objects one by one. */
    public record InPlaceTransition(String storageClass, long objects, BigDecimal transitionUsd,
            StorageCost.Breakdown monthly) {}

    /**
     * @param months calendar months the monthly cap spreads the run over (at least 1)
     * @param totalCapCoversRun whether the total cap (if any) covers the estimated cost
     */
    public record BudgetOutlook(BigDecimal monthlyCapUsd, BigDecimal totalCapUsd, long months, boolean totalCapCoversRun) {}
}
