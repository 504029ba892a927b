package dev.tierpack.campaign.replace;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code tierpack replace run} did ({@code --report-json}).
 *
 * @param state          {@code complete}, {@code waiting: restore} (restores pending: run again once they completed),
 *                       or {@code paused: budget: …} (the campaign's budget refused the next step: run again next
 *                       month or with a raised cap)
 * @param plan           the plan this run started from
 * @param restore        the restores this run requested or found
 * @param warmed         store paths now warm in the catalog (placement and data)
 * @param cooled         store paths now cold in the catalog
 * @param chunksToWarm   chunks copied from restored cold packs into new warm packs
 * @param chunksToCold   chunks copied from warm packs into new cold packs
 * @param warmPacks      warm packs written
 * @param coldPacks      cold packs written
 * @param warmPacksDeleted warm packs deleted (every chunk in them durable elsewhere and needed warm by no path)
 * @param spentUsd       what this run's requests and restores cost, as appended to the campaign's ledger topic
 */
public record ReplaceResult(String state, ReplacePlan plan, Restores restore, long warmed, long cooled,
        long chunksToWarm, long chunksToCold, long warmPacks, long coldPacks, long warmPacksDeleted,
        BigDecimal spentUsd) {
    public static final String COMPLETE = "complete";
    public static final String WAITING = "waiting: restore";

    public ReplaceResult {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(restore, "restore");
    }

    /**
     * Restores of the cold packs the paths turning hot need.
     *
     * @param tier        retrieval tier
     * @param started     restores started by this run
     * @param inProgress  restores already running
     * @param available   packs readable now
     * @param pending     packs not readable yet
     * @param costUsd     what the restores this run started cost
     * @param eta         when the last pending restore should be done (ISO-8601), or empty if unknown
     */
    public record Restores(String tier, int started, int inProgress, int available, List<String> pending,
            BigDecimal costUsd, String eta) {
        public Restores {
            pending = List.copyOf(pending);
        }
    }
}
