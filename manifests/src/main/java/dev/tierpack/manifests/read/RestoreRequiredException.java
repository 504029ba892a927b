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

    /** With the tier's answer (403 InvalidObjectState: the pack is archived and has no restored copy) as cause. */
    public RestoreRequiredException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
