package dev.tierpack.campaign.runtime;

import dev.tierpack.core.tier.InterceptingTier;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.core.tier.Tier;
import java.util.function.Supplier;

/**
 * Reaches {@link CrashPoints} {@code after-pack-upload} when a {@code packs/} object's upload completes and
 * {@code after-index-object} when an {@code index/} object's does. Used only when a crash point is armed.
 */
final class CrashPointTier extends InterceptingTier {
    CrashPointTier(Tier delegate) {
        super(delegate);
    }

    static Tier wrapIfArmed(Tier tier) {
        return CrashPoints.armed() ? new CrashPointTier(tier) : tier;
    }

    @Override
    protected <T> T intercept(Request request, Supplier<T> send) {
        T result = send.get();
        if (request.kind() == RequestKind.PUT || request.kind() == RequestKind.COMPLETE_MULTIPART) {
            String key = request.key();
            String point = key.startsWith("packs/") ? "after-pack-upload"
                    : key.startsWith("index/") ? "after-index-object" : null;
            if (point != null) {
                CrashPoints.reach(point);
            }
        }
        return result;
    }
}
