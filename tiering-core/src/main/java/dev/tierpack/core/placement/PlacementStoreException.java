package dev.tierpack.core.placement;

import dev.tierpack.core.error.TierpackException;

/** The placement store (RocksDB) failed, or was asked for something it does not hold yet. */
public final class PlacementStoreException extends TierpackException {
    public PlacementStoreException(String what, Object... keyValues) {
        super(what, keyValues);
    }

    public PlacementStoreException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
