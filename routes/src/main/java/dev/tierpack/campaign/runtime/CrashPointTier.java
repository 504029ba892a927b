package dev.tierpack.campaign.runtime;

import dev.tierpack.core.tier.CompletedPart;
import dev.tierpack.core.tier.ForwardingTier;
import dev.tierpack.core.tier.PartBody;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.core.tier.UploadRequests;
import java.util.List;

/**
 * Reaches {@link CrashPoints} {@code after-pack-upload} when a {@code packs/} object's upload completes and
 * {@code after-index-object} when an {@code index/} object's does. Used only when a crash point is armed.
 */
final class CrashPointTier extends ForwardingTier {
    CrashPointTier(Tier delegate) {
        super(delegate);
    }

    static Tier wrapIfArmed(Tier tier) {
        return CrashPoints.armed() ? new CrashPointTier(tier) : tier;
    }

    @Override
    public UploadRequests uploadRequests(String key) {
        UploadRequests inner = delegate.uploadRequests(key);
        String point = key.startsWith("packs/") ? "after-pack-upload" : key.startsWith("index/") ? "after-index-object" : null;
        if (point == null) {
            return inner;
        }
        return new UploadRequests() {
            @Override
            public String key() {
                return inner.key();
            }

            @Override
            public TierObject putObject(PartBody body) {
                TierObject o = inner.putObject(body);
                CrashPoints.reach(point);
                return o;
            }

            @Override
            public String initiate() {
                return inner.initiate();
            }

            @Override
            public String putPart(String uploadId, int number, PartBody body) {
                return inner.putPart(uploadId, number, body);
            }

            @Override
            public TierObject complete(String uploadId, List<CompletedPart> parts, long size) {
                TierObject o = inner.complete(uploadId, parts, size);
                CrashPoints.reach(point);
                return o;
            }

            @Override
            public void abort(String uploadId) {
                inner.abort(uploadId);
            }
        };
    }
}
