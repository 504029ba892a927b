package dev.tierpack.campaign.ledger;

import dev.tierpack.core.cost.LedgerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Priced entries not yet in the ledger topic, of one writer (the lister or the worker). Requests add entries as
 * they happen, from any thread; the writer drains them into its next Kafka transaction. Memory is bounded by what
 * one listing page or one batch does (a batch drains at its commit).
 */
final class LedgerBuffer {
    private List<LedgerEntry> pending = new ArrayList<>();

    synchronized void add(LedgerEntry e) {
        pending.add(e);
    }

    /** Takes every pending entry: they are the caller's to write now (or to lose, never to write twice). */
    synchronized List<LedgerEntry> drain() {
        List<LedgerEntry> out = pending;
        pending = new ArrayList<>();
        return out;
    }

    synchronized int size() {
        return pending.size();
    }
}
