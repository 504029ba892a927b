package dev.tierpack.campaign.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The layout of a state directory (README "Local state"): where each local store and embedded service of a campaign
 * or command keeps its files. Everything here is rebuildable from the tiers (chunk index, catalog) or is the
 * embedded services' own data.
 *
 * @param root the state directory ({@code stateDir} of a campaign file, {@code --state-dir})
 */
public record StateDir(Path root) {
    public StateDir {
        Objects.requireNonNull(root, "root");
    }

    /** The chunk index (RocksDB): {@code chunk-index/}. */
    public Path chunkIndex() {
        return root.resolve("chunk-index");
    }

    /** The catalog of migrated store paths (RocksDB): {@code catalog/}. */
    public Path catalog() {
        return root.resolve("catalog");
    }

    /** The embedded S3 server's buckets: {@code s3/}. */
    public Path embeddedS3() {
        return root.resolve("s3");
    }

    /** The embedded Kafka broker's log: {@code kafka/}. */
    public Path embeddedKafka() {
        return root.resolve("kafka");
    }
}
