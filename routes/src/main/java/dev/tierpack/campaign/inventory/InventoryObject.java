package dev.tierpack.campaign.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * One current object of an S3 Inventory report.
 *
 * @param key the object key, URL-decoded, as in the bucket (prefix included)
 * @param lastModified null when the report has no LastModifiedDate column
 * @param storageClass the report's StorageClass value, or null when it has no such column
 */
public record InventoryObject(String bucket, String key, long size, Instant lastModified, String storageClass) {
    public InventoryObject {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + key);
        }
    }
}
