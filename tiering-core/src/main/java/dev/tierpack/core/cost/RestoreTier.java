package dev.tierpack.core.cost;

/** Retrieval options of a {@code RestoreObject} request on an archived object. */
public enum RestoreTier {
    /** Minutes; GLACIER only. */
    EXPEDITED,
    /** Hours. */
    STANDARD,
    /** The cheapest and slowest. */
    BULK
}
