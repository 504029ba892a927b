package dev.tierpack.campaign.runtime;

import dev.tierpack.core.error.TierpackException;

/**
 * A failure retrying cannot fix (another process took over the campaign's transactional ids, the work topic holds
 * records this version cannot read): the runtime stops at once instead of retrying.
 */
public class FatalCampaignException extends TierpackException {
    public FatalCampaignException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
