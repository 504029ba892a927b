package dev.tierpack.manifests.restore;

import dev.tierpack.core.cost.LedgerEntry;

/**
 * Where the cost of each restore request goes: a {@link LedgerEntry} of kind {@code RESTORE}, role {@code cold},
 * one per batch of {@code RestoreObject} requests. The campaign ledger (Kafka) binds this; {@link FileRestoreLedger}
 * keeps one in the state directory for the command line. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RestoreLedger {
    /** Records one priced restore batch; durable when it returns. */
    void record(LedgerEntry entry);
}
