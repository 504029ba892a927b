package dev.tierpack.core.placement;

/** Where a store path's data is placed. */
public enum PlacementTier {
    /** On the warm tier: served immediately. */
    WARM,
    /** On the cold (archive) tier: needs a restore before its data can be read. */
    COLD
}
