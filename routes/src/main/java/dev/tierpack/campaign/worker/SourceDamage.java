package dev.tierpack.campaign.worker;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.error.TierpackException;

/**
 * Tells corrupt or missing source data (quarantine the store path, go on) from failures worth retrying (a tier or
 * the source unreachable, a full disk: abandon the batch, redo it). A failure is source damage when it is a format
 * or integrity error, or a missing object, raised while reading this store path's NAR: {@code NarIngest} names the
 * store path in such errors ({@code storePath=} context). Integrity errors of the packer itself (a pack read back
 * wrong) carry no store path and are retried, never blamed on the store path.
 */
public final class SourceDamage {
    private SourceDamage() {}

    public static boolean is(Throwable t) {
        if (!(t instanceof FormatException || t instanceof IntegrityException || t instanceof SourceObjectNotFoundException)) {
            return false;
        }
        return ((TierpackException) t).get("storePath") != null;
    }
}
