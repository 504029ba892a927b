package dev.tierpack.packer.index;

import dev.tierpack.core.error.TierpackException;

/**
 * The local chunk index store failed: a RocksDB error (I/O error, disk full, corruption detected by RocksDB) or a
 * filesystem error in the index directory. Context names the directory and, for RocksDB, its status.
 */
public class IndexStoreException extends TierpackException {
    public IndexStoreException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
