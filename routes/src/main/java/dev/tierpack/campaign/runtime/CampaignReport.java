package dev.tierpack.campaign.runtime;

import java.util.Map;

/**
 * What {@code campaign run --report-json} writes. Campaign-wide figures come from Kafka (the lister checkpoint, the
 * progress topic through the progress view) and from listing the tiers, so a store path counts once however often
 * the campaign was interrupted and resumed; {@link #run} holds what this run alone did.
 *
 * @param state           {@code complete}, {@code paused: …}, {@code stopped} or {@code failed: …}
 * @param sourceObjects   objects listed in the source (every kind)
 * @param sourceBytes     their bytes
 * @param narinfos        narinfos listed
 * @param listingComplete whether the listing is exhausted
 * @param storePaths      store paths published (migrated and committed)
 * @param quarantined     store paths quarantined (corrupt or missing source data)
 * @param narBytes        uncompressed NAR bytes of the published store paths
 * @param storedBytes     bytes on each tier (packs and index objects), by tier name
 * @param objectsWritten  objects on each tier, by tier name
 * @param durationSeconds this run's wall time
 * @param cost            requests, cost by line item, budget and storage cost before/after ({@link CostReport}; its
 *                        fields are written at the top level of the JSON)
 */
public record CampaignReport(
        String campaign,
        String state,
        long sourceObjects,
        long sourceBytes,
        long narinfos,
        boolean listingComplete,
        long storePaths,
        long quarantined,
        long narBytes,
        Map<String, Long> storedBytes,
        Map<String, Long> objectsWritten,
        Run run,
        double durationSeconds,
        @com.fasterxml.jackson.annotation.JsonUnwrapped CostReport cost) {

    public CampaignReport {
        storedBytes = Map.copyOf(storedBytes);
        objectsWritten = Map.copyOf(objectsWritten);
    }

    /**
     * This run alone.
     *
     * @param batches          batches committed
     * @param storePaths       store paths published
     * @param quarantined      store paths quarantined by the worker
     * @param skipped          work records skipped (store path already published)
     * @param sourceBytes      compressed NAR bytes read
     * @param narBytes         NAR bytes published
     * @param packs            packs published
     * @param packBytes        their bytes
     * @param chunks           chunk references of the published store paths
     * @param newChunks        chunks stored for the first time
     * @param newBytes         raw bytes of those chunks
     * @param failedBatches    batches abandoned and redone
     * @param recoveredPacks   packs of a crashed run published at start (reused)
     * @param orphansDeleted   orphan packs of a crashed run deleted at start
     */
    public record Run(long batches, long storePaths, long quarantined, long skipped, long sourceBytes, long narBytes,
            long packs, long packBytes, long chunks, long newChunks, long newBytes, long failedBatches, int recoveredPacks,
            int orphansDeleted, long manifestPacks, long manifestBytes) {}
}
