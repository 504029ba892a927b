package dev.tierpack.core.placement;

import dev.tierpack.core.error.FormatException;

/**
 * The rule that decided a store path's tier. Hot rules are applied in this order and the first one that reaches a
 * path decides it; codes are stable (they are stored in the placement store).
 */
public enum PlacementRule {
    /** Pinned (store path, hash part or name pattern), or in the closure of a pinned path. */
    PIN(1, PlacementTier.WARM),
    /** In the closure of a hot channel bump (the newest N bumps per channel). */
    CHANNEL(2, PlacementTier.WARM),
    /** In the access statistics with at least the minimum hit count, or in the closure of such a path. */
    ACCESS(3, PlacementTier.WARM),
    /** Modified within the maximum age, or in the closure of such a path. */
    AGE(4, PlacementTier.WARM),
    /** A fixed-output path (narinfo {@code CA: fixed:}, or no references at all). */
    FIXED_OUTPUT(5, PlacementTier.WARM),
    /** No hot rule matched. */
    DEFAULT_COLD(6, PlacementTier.COLD),
    /** No placement policy is configured: everything is warm. */
    NO_POLICY(7, PlacementTier.WARM);

    private final int code;
    private final PlacementTier tier;

    PlacementRule(int code, PlacementTier tier) {
        this.code = code;
        this.tier = tier;
    }

    public int code() {
        return code;
    }

    /** The tier this rule places paths on. */
    public PlacementTier tier() {
        return tier;
    }

    public static PlacementRule fromCode(int code) {
        for (PlacementRule r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new FormatException("unknown placement rule code", "rule", code);
    }
}
