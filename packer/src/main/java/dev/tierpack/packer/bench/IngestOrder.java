package dev.tierpack.packer.bench;

import dev.tierpack.core.nix.StorePath;
import java.util.Comparator;

/**
 * The order in which an experiment ingests the store paths of a cache. It matters twice: the first copy of a chunk
 * is the one stored (later copies are references), and new chunks are packed into segments in ingest order, so
 * similar content ingested back to back shares a segment and compresses together.
 */
public enum IngestOrder {
    /** Key order of the narinfos, i.e. store-path hash order: what a plain listing of the source bucket gives. */
    KEY(Comparator.comparing(StorePath::hashPart)),
    /**
     * Grouped by package name ({@link PackageNames#packageName}), the versions of a package in natural order
     * ({@link PackageNames#naturalOrder}), then by hash: how the campaign partitions its work, so successive
     * builds of one package are packed next to each other.
     */
    PACKAGE(Comparator.comparing((StorePath p) -> PackageNames.packageName(p.name()))
            .thenComparing(StorePath::name, PackageNames.naturalOrder())
            .thenComparing(StorePath::hashPart));

    private final Comparator<StorePath> comparator;

    IngestOrder(Comparator<StorePath> comparator) {
        this.comparator = comparator;
    }

    /** Orders store paths for ingest. */
    public Comparator<StorePath> comparator() {
        return comparator;
    }
}
