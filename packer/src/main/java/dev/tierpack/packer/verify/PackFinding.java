package dev.tierpack.packer.verify;

import java.util.List;

/**
 * One problem found by {@link TierAudit}.
 *
 * @param kind   {@code bad-index-object}, {@code missing-pack}, {@code length-mismatch}, {@code corrupt-pack},
 *               {@code unreadable}, {@code orphan-pack} (a pack with no index object: invisible, not corrupt),
 *               {@code unindexed-pack} (an index object the local chunk index has not published)
 * @param tier   tier of the object
 * @param object key of the pack or index object
 * @param detail what is wrong, with key=value context
 * @param chunks hex ids of the chunks affected (empty when the whole pack or none is)
 */
public record PackFinding(String kind, String tier, String object, String detail, List<String> chunks) {
    public PackFinding {
        chunks = List.copyOf(chunks);
    }

    /** Orphans are leftovers of interrupted writes: reported, but not damage. */
    public boolean isDamage() {
        return !kind.equals("orphan-pack") && !kind.equals("unindexed-pack");
    }
}
