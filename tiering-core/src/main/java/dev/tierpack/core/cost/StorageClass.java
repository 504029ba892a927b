package dev.tierpack.core.cost;

import dev.tierpack.core.error.ConfigException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The S3 storage classes tierpack prices, named as the S3 API and S3 Inventory spell them
 * ({@code x-amz-storage-class}, inventory {@code StorageClass} column).
 */
public enum StorageClass {
    /** S3 Standard: no minimum size or duration, no per-object overhead. */
    STANDARD,
    /** S3 Glacier Instant Retrieval: millisecond reads, a per-GB retrieval fee, 128 KiB minimum billable size. */
    GLACIER_IR,
    /** S3 Glacier Flexible Retrieval: archived, read after a restore; 40 KiB of metadata per object. */
    GLACIER,
    /** S3 Glacier Deep Archive: archived, read after a restore; 40 KiB of metadata per object. */
    DEEP_ARCHIVE;

    /** Classes whose objects must be restored before they can be read. */
    public boolean archived() {
        return this == GLACIER || this == DEEP_ARCHIVE;
    }

    /**
     * The class of an S3 API or inventory name, exactly as spelled (upper case, underscores).
     *
     * @throws ConfigException naming the value and the known classes
     */
    public static StorageClass parse(String name) {
        for (StorageClass c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new ConfigException("unknown storage class", "value", name, "known",
                String.join(",", Arrays.stream(values()).map(Enum::name).toList()));
    }

    /** The class of an inventory value, or empty for classes tierpack does not price ({@code STANDARD_IA}, …). */
    public static java.util.Optional<StorageClass> lookup(String name) {
        String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (StorageClass c : values()) {
            if (c.name().equals(n)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
