package dev.tierpack.manifests.catalog;

import dev.tierpack.core.error.TierpackException;

/**
 * The local catalog store failed: a RocksDB error (I/O error, disk full, corruption detected by RocksDB) or a
 * filesystem error in the catalog directory. Context names the directory and, for RocksDB, its status.
 */
public class CatalogStoreException extends TierpackException {
    public CatalogStoreException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
