package dev.tierpack.core.tier;

import java.time.Instant;
import java.util.Objects;

/**
 * An object stored on a tier, as the tier reports it.
 *
 * @param key the key relative to the tier (its bucket prefix removed)
 * @param size the size in bytes
 * @param etag the ETag without quotes ({@code <md5>} for a single PUT, {@code <md5>-<parts>} for a
 *     multipart upload)
 * @param lastModified when the object was written (for a just-committed upload: the server's
 *     response {@code Date})
 * @param storageClass the storage class, or null for {@code STANDARD} (which S3 reports in
 *     listings but omits from HEAD; it is normalised to null so both agree)
 */
public record TierObject(String key, long size, String etag, Instant lastModified, String storageClass) {
    public TierObject {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must be non-empty");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + key);
        }
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        if (storageClass != null && (storageClass.isEmpty() || storageClass.equals("STANDARD"))) {
            storageClass = null;
        }
    }

    /** Removes the quotes S3 puts around ETags; null stays null. */
    static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
}
