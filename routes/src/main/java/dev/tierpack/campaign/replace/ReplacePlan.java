package dev.tierpack.campaign.replace;

import dev.tierpack.campaign.placement.Explanation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What re-placement would do ({@code tierpack replace plan}, and the first step of {@code replace run}): the store
 * paths whose placement under the campaign file's current inputs differs from where their data is, what must be
 * restored for them and what it all costs with the campaign's price table.
 *
 * @param campaign       the campaign
 * @param storePaths     catalogued store paths examined
 * @param hot            of those, hot under the current policy
 * @param toWarm         paths turning hot whose data is (partly) cold: their cold-only chunks get warm copies
 * @param toCold         paths turning cold whose data is warm: their chunks no hot path needs could move to cold packs
 * @param coldPacks      distinct cold packs {@code toWarm} needs (what a restore brings back), and their bytes
 * @param coldPackBytes  stored bytes of those packs
 * @param restore        cost and time of restoring them per retrieval tier
 * @param cost           the cost of doing it all, with the chosen retrieval tier
 */
public record ReplacePlan(String campaign, long storePaths, long hot, List<PathMove> toWarm, List<PathMove> toCold,
        List<String> coldPacks, long coldPackBytes, List<Explanation.RestoreOption> restore, Cost cost) {
    public ReplacePlan {
        Objects.requireNonNull(campaign, "campaign");
        toWarm = List.copyOf(toWarm);
        toCold = List.copyOf(toCold);
        coldPacks = List.copyOf(coldPacks);
        restore = List.copyOf(restore);
        Objects.requireNonNull(cost, "cost");
    }

    /** Whether nothing needs to move. */
    public boolean nothingToDo() {
        return toWarm.isEmpty() && toCold.isEmpty();
    }

    /**
     * One store path whose data moves.
     *
     * @param storePath the full store path
     * @param hashPart  its hash part
     * @param rule      the rule that decided under the current policy ({@code CHANNEL}, {@code DEFAULT_COLD}, …)
     * @param reason    the decision in words
     * @param recorded  its placement in the catalog now ({@code warm} or {@code cold})
     * @param chunks    distinct chunks that move (cold-only chunks for {@code toWarm}; warm chunks no hot path needs
     *                  for {@code toCold})
     * @param bytes     their raw bytes
     * @param packs     the packs they are read from (cold packs to restore, for {@code toWarm})
     */
    public record PathMove(String storePath, String hashPart, String rule, String reason, String recorded, long chunks,
            long bytes, List<String> packs) {
        public PathMove {
            packs = List.copyOf(packs);
        }
    }

    /**
     * What re-placement costs, by line, in USD (the campaign's price table by role).
     *
     * @param retrievalTier  the retrieval tier priced for the restore
     * @param restoreUsd     restoring {@code coldPacks} with it
     * @param coldGetUsd     range GETs of the restored packs (one per segment read)
     * @param warmPutUsd     writing the new warm packs (multipart PUTs, index objects, read-back GETs)
     * @param coldPutUsd     writing the new cold packs of {@code toCold}
     * @param totalUsd       the sum
     * @param restoreWithin  documented upper bound of the restore time (ISO-8601), empty if nothing is restored
     */
    public record Cost(String retrievalTier, BigDecimal restoreUsd, BigDecimal coldGetUsd, BigDecimal warmPutUsd,
            BigDecimal coldPutUsd, BigDecimal totalUsd, String restoreWithin) {}
}
