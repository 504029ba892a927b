package dev.tierpack.packer.session;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.ingest.Decomposer;
import dev.tierpack.packer.ingest.StorePathLayout;
import java.util.Objects;

/**
 * A store path whose NAR was verified and decomposed; durable once its packs are published.
 *
 * @param placement the tier the store path was placed on (docs/FORMAT.md "Placement"): a warm path's chunks are all
 *                  in warm packs; a cold path's new chunks went to cold packs, its chunks already warm stayed there
 */
public record IngestedPath(NarInfo info, String narinfoKey, StorePathLayout layout, Decomposer.Stats stats,
        TierCode placement) {
    public IngestedPath {
        Objects.requireNonNull(placement, "placement");
    }

    /** A store path placed warm. */
    public IngestedPath(NarInfo info, String narinfoKey, StorePathLayout layout, Decomposer.Stats stats) {
        this(info, narinfoKey, layout, stats, TierCode.WARM);
    }
}
