package dev.tierpack.campaign.lister;

import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.source.KeyOrder;
import dev.tierpack.core.source.SourceObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint logic of the lister, without I/O: what one listing page means. Every object is counted; each
 * {@code <hash>.narinfo} becomes a narinfo to read, paired with its {@code <hash>.ls} file listing when the source
 * has one. The listing sorts {@code <hash>.ls} directly before {@code <hash>.narinfo}, possibly at the end of the
 * previous page, so the hash of a trailing {@code .ls} is carried in the checkpoint
 * ({@link ListerCheckpoint#pendingListing()}). An empty page means the listing is exhausted.
 *
 * <p>Memory: a page's narinfos are read and held until its transaction commits, so a plan takes only as much of
 * the listed page as fits {@code maxNarinfoBytes} of narinfos (at least one object); the checkpoint then ends at the
 * last object taken and the next listing request starts after it.
 */
public final class PagePlanner {
    private PagePlanner() {}

    /** A narinfo to read: key, listed size, and its file listing's key or null. */
    public record NarinfoRef(String key, long size, String listingKey) {
        public String hashPart() {
            return key.substring(0, KeyKind.HASH_PART_LENGTH);
        }
    }

    /**
     * A planned page.
     *
     * @param narinfos   the narinfos of the page, in key order
     * @param listed     the checkpoint after the page, with the page's objects counted but not yet its outcomes
     *                   (see {@link #next})
     * @param exhausted  the page was empty: the listing is complete
     */
    public record Plan(List<NarinfoRef> narinfos, ListerCheckpoint listed, boolean exhausted) {
        public Plan {
            narinfos = List.copyOf(narinfos);
        }

        /** The checkpoint to commit with the page, given how many narinfos became work and how many were quarantined. */
        public ListerCheckpoint next(int workRecords, int quarantined) {
            if (workRecords + quarantined != narinfos.size()) {
                throw new IllegalArgumentException("every narinfo of the page needs one outcome: narinfos="
                        + narinfos.size() + " work=" + workRecords + " quarantined=" + quarantined);
            }
            ListerCheckpoint l = listed;
            return new ListerCheckpoint(l.lastKey(), l.pendingListing(), l.pages(), l.objects(), l.bytes(), l.narinfos(),
                    l.workRecords() + workRecords, l.quarantined() + quarantined, l.complete());
        }
    }

    /** Narinfo bytes a plan takes by default: 32 MiB. */
    public static final long DEFAULT_MAX_NARINFO_BYTES = 32L << 20;

    /** {@link #plan(ListerCheckpoint, List, long)} with {@link #DEFAULT_MAX_NARINFO_BYTES}. */
    public static Plan plan(ListerCheckpoint cp, List<SourceObject> page) {
        return plan(cp, page, DEFAULT_MAX_NARINFO_BYTES);
    }

    /**
     * Plans the page listed after {@code cp}, or its prefix whose narinfos fit {@code maxNarinfoBytes}.
     *
     * @throws IntegrityException if the page is not in S3 key order after {@code cp.lastKey()} (a checkpoint taken
     *     from such a listing could skip or repeat keys)
     */
    public static Plan plan(ListerCheckpoint cp, List<SourceObject> page, long maxNarinfoBytes) {
        if (cp.complete()) {
            throw new IllegalStateException("listing already complete");
        }
        if (page.isEmpty()) {
            ListerCheckpoint done = new ListerCheckpoint(cp.lastKey(), null, cp.pages(), cp.objects(), cp.bytes(),
                    cp.narinfos(), cp.workRecords(), cp.quarantined(), true);
            return new Plan(List.of(), done, true);
        }
        List<NarinfoRef> narinfos = new ArrayList<>();
        String previous = cp.lastKey();
        String pendingListing = cp.pendingListing();
        long objects = cp.objects();
        long bytes = cp.bytes();
        long narinfoBytes = 0;
        for (SourceObject o : page) {
            if (o.kind() == KeyKind.NARINFO && !narinfos.isEmpty() && narinfoBytes + o.size() > maxNarinfoBytes) {
                break; // the rest of the page is listed again by the next request
            }
            if (previous != null && KeyOrder.compare(o.key(), previous) <= 0) {
                throw new IntegrityException("source listing is not in key order", "key", o.key(), "after", previous);
            }
            previous = o.key();
            objects++;
            bytes += o.size();
            switch (o.kind()) {
                case LISTING -> pendingListing = o.key().substring(0, KeyKind.HASH_PART_LENGTH);
                case NARINFO -> {
                    String hash = o.key().substring(0, KeyKind.HASH_PART_LENGTH);
                    narinfos.add(new NarinfoRef(o.key(), o.size(), hash.equals(pendingListing) ? hash + ".ls" : null));
                    narinfoBytes += o.size();
                    pendingListing = null;
                }
                default -> { }
            }
        }
        ListerCheckpoint listed = new ListerCheckpoint(previous, pendingListing, cp.pages() + 1, objects, bytes,
                cp.narinfos() + narinfos.size(), cp.workRecords(), cp.quarantined(), false);
        return new Plan(narinfos, listed, false);
    }
}
