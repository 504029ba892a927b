package dev.tierpack.core.cost;

/**
 * The lines of a campaign's bill. {@link #key()} is the stable name used in reports and JSON
 * ({@code costUsd} by line item).
 */
public enum LineItem {
    /** ListObjectsV2 pages on the source. */
    SOURCE_LIST(Role.SOURCE, "source.list"),
    /** GET, ranged GET and HEAD requests on the source. */
    SOURCE_GET(Role.SOURCE, "source.get"),
    /** Bytes read from the source, at the data-transfer-out price. */
    SOURCE_EGRESS(Role.SOURCE, "source.egress"),
    /** Requests of any billed kind on the warm tier. */
    WARM_REQUESTS(Role.WARM, "warm.requests"),
    /** PUT-class requests on the cold tier (PUT, multipart initiate, part, complete). */
    COLD_PUT(Role.COLD, "cold.put"),
    /** GET, ranged GET and HEAD requests on the cold tier. */
    COLD_GET(Role.COLD, "cold.get"),
    /** ListObjectsV2 pages on the cold tier. */
    COLD_LIST(Role.COLD, "cold.list"),
    /** Per-GB retrieval fee of bytes read by GET (GLACIER_IR). */
    COLD_RETRIEVAL(Role.COLD, "cold.retrieval"),
    /** Bytes read from the cold tier, at the data-transfer-out price. */
    COLD_EGRESS(Role.COLD, "cold.egress"),
    /** RestoreObject requests and restored GB of archived objects. */
    COLD_RESTORE(Role.COLD, "cold.restore");

    private final Role role;
    private final String key;

    LineItem(Role role, String key) {
        this.role = role;
        this.key = key;
    }

    public Role role() {
        return role;
    }

    /** {@code source.get}, {@code cold.put}, …. */
    public String key() {
        return key;
    }
}
