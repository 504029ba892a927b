package dev.tierpack.packer.upload;

import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.packer.format.PackId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code packer gc-orphans}: finds packs that no index object refers to — leftovers of a write interrupted before
 * publication (docs/FORMAT.md section 5, rule 10) — and deletes them once they are older than the longest possible
 * write, so a pack being written right now is never touched. Only keys under {@code packs/} of a tier are ever
 * considered; the source bucket is never touched.
 */
public final class OrphanCollector {
    private OrphanCollector() {}

    /** A pack without an index object. */
    public record Orphan(String tier, String key, long size, Instant lastModified) {}

    /**
     * @param indexTier where index objects live (warm)
     * @param packTier  the tier whose packs are examined (warm or cold)
     * @param minAge    orphans younger than this are left alone (a writer may still be publishing them)
     * @param delete    false: only report
     */
    public static List<Orphan> collect(Tier indexTier, Tier packTier, Duration minAge, boolean delete, Instant now) {
        List<Orphan> out = new ArrayList<>();
        for (Iterator<TierObject> it = packTier.list("packs/", null); it.hasNext(); ) {
            TierObject o = it.next();
            PackId id;
            try {
                id = PackId.fromKey(o.key());
            } catch (RuntimeException e) {
                continue; // not a key tierpack writes: leave it alone
            }
            if (indexTier.stat(id.indexKey()).isPresent()) {
                continue;
            }
            Instant written = o.lastModified() != null ? o.lastModified() : Instant.ofEpochMilli(id.timestampMillis());
            if (Duration.between(written, now).compareTo(minAge) < 0) {
                continue;
            }
            if (delete) {
                packTier.delete(o.key());
            }
            out.add(new Orphan(packTier.name(), o.key(), o.size(), written));
        }
        return out;
    }
}
