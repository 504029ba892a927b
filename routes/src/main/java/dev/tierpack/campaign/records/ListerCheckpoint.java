package dev.tierpack.campaign.records;

import dev.tierpack.core.error.FormatException;

/**
 * Where the lister is: the value under key {@value #KEY} of the compacted topic {@code tierpack.<campaign>.checkpoint}.
 * It is written in the same Kafka transaction as the work records of the page it ends, so after a crash the lister
 * resumes exactly after the last committed page: no listed work is lost or listed twice.
 *
 * <p>The counters are cumulative over the whole listing. With {@link #complete} set the record is the "listing
 * complete" marker: the lister stops, and {@link #workRecords} is the final count of store paths to migrate.
 *
 * @param lastKey         the last key of the last committed page (relative to the source root), or null before the first
 * @param pendingListing  hash part of a {@code <hash>.ls} key that ended the page whose narinfo (which sorts right
 *                        after it) has not been listed yet, or null
 * @param pages           listing pages committed
 * @param objects         objects listed (every kind)
 * @param bytes           bytes of the objects listed
 * @param narinfos        narinfo keys listed
 * @param workRecords     work records produced (one per readable narinfo)
 * @param quarantined     narinfos quarantined while listing (unreadable or inconsistent)
 * @param complete        the listing is exhausted
 */
public record ListerCheckpoint(String lastKey, String pendingListing, long pages, long objects, long bytes, long narinfos,
        long workRecords, long quarantined, boolean complete) {

    /** The record key. */
    public static final String KEY = "lister";

    /** Before the first page. */
    public static final ListerCheckpoint START = new ListerCheckpoint(null, null, 0, 0, 0, 0, 0, 0, false);

    public ListerCheckpoint {
        if (pages < 0 || objects < 0 || bytes < 0 || narinfos < 0 || workRecords < 0 || quarantined < 0) {
            throw new FormatException("lister checkpoint has a negative count", "lastKey", lastKey);
        }
        if (workRecords + quarantined > narinfos) {
            throw new FormatException("lister checkpoint counts more outcomes than narinfos", "lastKey", lastKey,
                    "narinfos", narinfos, "workRecords", workRecords, "quarantined", quarantined);
        }
        if (lastKey != null && lastKey.isEmpty()) {
            throw new FormatException("lister checkpoint has an empty last key");
        }
    }
}
