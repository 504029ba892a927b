package dev.tierpack.campaign.runtime;

import java.util.Objects;

/**
 * The worker's and the lister's gate to the budget ({@code dev.tierpack.campaign.ledger.LedgerBudget} over the
 * cost ledger when the campaign has a budget; the runtime installs it in place of {@link #NONE}). Before each batch the worker calls {@link #reserve} with what the batch is about to read;
 * on {@link Decision#pause} it processes nothing of the batch, rewinds to the last committed position and the
 * campaign stops cleanly with state {@code paused: <reason>}. After a batch is committed the worker calls
 * {@link #record} with what it actually did.
 *
 * <p>{@link #reserve} and {@link #record} are called from the worker thread, {@link #reservePage} and
 * {@link #pageDone} from the lister's. {@link #NONE} proceeds always and records nothing.
 */
public interface BudgetHook {

    /** Never pauses, records nothing. */
    BudgetHook NONE = new BudgetHook() {
        @Override
        public Decision reserve(BatchEstimate estimate) {
            return Decision.PROCEED;
        }

        @Override
        public void record(BatchUsage usage) {
            // no ledger yet
        }
    };

    /** Decides whether the batch may run. */
    Decision reserve(BatchEstimate estimate);

    /**
     * Decides whether the lister may read a listing page's narinfos (called from the lister's thread before it
     * reads them; the page's LIST request was already made). On {@link Decision#pause} the page is not committed
     * and the campaign stops with state {@code paused: <reason>}. Proceeds by default.
     */
    default Decision reservePage(PageEstimate estimate) {
        return Decision.PROCEED;
    }

    /** The page reserved last is committed or abandoned: its cost is in the ledger's tally. */
    default void pageDone() {
        // nothing reserved by default
    }

    /**
     * What a listing page is about to read.
     *
     * @param narinfos      narinfo GETs
     * @param narinfoBytes  their bytes (sizes from the listing)
     */
    record PageEstimate(int narinfos, long narinfoBytes) {}

    /** Reports a committed batch (after its Kafka transaction committed; a crash may lose the last report). */
    void record(BatchUsage usage);

    /** The answer of {@link #reserve}. */
    record Decision(boolean proceed, String reason) {
        public static final Decision PROCEED = new Decision(true, "");

        public Decision {
            Objects.requireNonNull(reason, "reason");
        }

        public static Decision pause(String reason) {
            return new Decision(false, reason);
        }
    }

    /**
     * What a batch is about to do, from its work records.
     *
     * @param storePaths   work records of the batch (store paths to migrate, skipped ones excluded)
     * @param sourceBytes  compressed NAR bytes to GET (FileSize of the narinfos; 0 where unknown)
     * @param narBytes     uncompressed NAR bytes to decompose (NarSize)
     */
    record BatchEstimate(int storePaths, long sourceBytes, long narBytes) {}

    /**
     * What a committed batch did.
     *
     * @param storePaths   store paths published by the batch
     * @param quarantined  store paths quarantined by the batch
     * @param skipped      records skipped because their store path was already published
     * @param sourceBytes  compressed NAR bytes read from the source
     * @param narBytes     uncompressed NAR bytes of the published store paths
     * @param packs        packs published during the batch
     * @param packBytes    bytes of those packs (index objects excluded)
     */
    record BatchUsage(int storePaths, int quarantined, int skipped, long sourceBytes, long narBytes, int packs,
            long packBytes) {}
}
