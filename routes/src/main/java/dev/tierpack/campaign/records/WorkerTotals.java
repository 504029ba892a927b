package dev.tierpack.campaign.records;

import dev.tierpack.core.error.FormatException;

/**
 * Campaign totals as of the worker's last committed batch: the value under key {@value #KEY} of the checkpoint
 * topic, written in the same transaction as that batch's progress events, so that {@code campaign status} can
 * show them without reading the whole progress topic.
 *
 * @param published    store paths with a published event
 * @param quarantined  store paths whose latest event is a quarantine
 * @param narBytes     uncompressed NAR bytes of the published store paths
 * @param batches      batches committed over the campaign
 */
public record WorkerTotals(long published, long quarantined, long narBytes, long batches) {
    public static final String KEY = "worker";
    public static final WorkerTotals ZERO = new WorkerTotals(0, 0, 0, 0);

    public WorkerTotals {
        if (published < 0 || quarantined < 0 || narBytes < 0 || batches < 0) {
            throw new FormatException("worker totals have a negative count");
        }
    }
}
