package dev.tierpack.manifests.retire;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a retirement plan found.
 *
 * @param sourceObjects   objects listed in the source
 * @param sourceBytes     their bytes
 * @param retiredObjects  objects written to the plan (safe to delete from the source)
 * @param retiredBytes    their bytes
 * @param retiredByKind   plan objects by key kind ({@code NARINFO}, {@code NAR}, {@code LISTING})
 * @param storePaths      catalogued store paths
 * @param verifiedPaths   catalogued store paths verified now (warm: reassembled to NarHash; cold: migration-time
 *                        verification plus the index-level checks of the cold packs)
 * @param kept            why objects stay in the source, with counts (e.g. {@code not-migrated},
 *                        {@code read-back-failed}, {@code size-mismatch}, {@code not-a-cache-object})
 * @param failures        store paths that failed read-back, with the reason (at most 50 listed)
 */
public record RetirementPlan(long sourceObjects, long sourceBytes, long retiredObjects, long retiredBytes,
        Map<String, Long> retiredByKind, long storePaths, long verifiedPaths, Map<String, Long> kept,
        List<String> failures) {
    public RetirementPlan {
        retiredByKind = Map.copyOf(Objects.requireNonNull(retiredByKind, "retiredByKind"));
        kept = Map.copyOf(Objects.requireNonNull(kept, "kept"));
        failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
        if (retiredObjects > sourceObjects || retiredBytes > sourceBytes || verifiedPaths > storePaths) {
            throw new IllegalArgumentException("inconsistent retirement counts");
        }
    }
}
