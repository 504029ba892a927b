package dev.tierpack.campaign.config;

import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.source.SourceUri;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The bucket (or directory) a campaign migrates.
 *
 * @param uri where it is, with endpoint, region and credentials source (never a secret)
 * @param storageClass the class of its objects, for pricing (STANDARD for a normal cache)
 * @param inventory an S3 Inventory {@code manifest.json} to plan from instead of listing, if any
 */
public record SourceConfig(SourceUri uri, StorageClass storageClass, Optional<Path> inventory) {
    public SourceConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(storageClass, "storageClass");
        Objects.requireNonNull(inventory, "inventory");
        if (storageClass.archived()) {
            throw new ConfigException("an archived source cannot be read without restores", "key", "storageClass",
                    "value", storageClass);
        }
        inventory.ifPresent(p -> {
            if (!p.isAbsolute()) {
                throw new ConfigException("inventory path must be absolute", "key", "inventory", "value", p);
            }
        });
    }

    /** Keys per LIST request: the S3 page size, or 1000 for a directory (priced as S3 would list it). */
    public int listPageSize() {
        return uri instanceof SourceUri.S3 s3 ? s3.pageSize() : SourceUri.S3.MAX_PAGE_SIZE;
    }
}
