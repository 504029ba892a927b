package dev.tierpack.manifests.read;

import dev.tierpack.core.error.TierpackException;

/**
 * A store path (or a chunk it needs) is placed on the cold tier and cannot be read without a restore. Not a
 * corruption: the data is intact, it is just not instantly readable. Context names the store path.
 */
public class RestoreRequiredException extends TierpackException {
    public RestoreRequiredException(String what, Object... keyValues) {
        super(what, keyValues);
    }
}
