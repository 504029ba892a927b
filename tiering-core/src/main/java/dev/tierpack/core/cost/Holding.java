package dev.tierpack.core.cost;

import java.util.Objects;

/**
 * Objects stored in one S3 storage class: how many, their bytes, and their billed bytes (each object
 * counted at least at the class's minimum billable size).
 *
 * @param billedBytes at least {@code bytes}; {@link Tally} computes it object by object
 */
public record Holding(StorageClass storageClass, long objects, long bytes, long billedBytes) {
    public Holding {
        Objects.requireNonNull(storageClass, "storageClass");
        if (objects < 0 || bytes < 0 || billedBytes < bytes) {
            throw new IllegalArgumentException("invalid holding: objects=" + objects + " bytes=" + bytes
                    + " billedBytes=" + billedBytes);
        }
    }

    /**
     * Objects none of which is below the class's minimum billable size (large packs): billed bytes are
     * the bytes.
     */
    public static Holding ofLargeObjects(StorageClass storageClass, long objects, long bytes) {
        return new Holding(storageClass, objects, bytes, bytes);
    }

    /** Adds up objects one at a time, applying the minimum billable size of each. */
    public static final class Tally {
        private final StorageClass storageClass;
        private final long minBillable;
        private long objects;
        private long bytes;
        private long billed;

        public Tally(StorageClass storageClass, PriceTable prices) {
            this.storageClass = Objects.requireNonNull(storageClass, "storageClass");
            this.minBillable = prices.of(storageClass).minBillableBytes();
        }

        public void add(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
            objects++;
            bytes += size;
            billed += Math.max(size, minBillable);
        }

        public Holding holding() {
            return new Holding(storageClass, objects, bytes, billed);
        }
    }
}
