package dev.tierpack.core.error;

/** The object (or the bucket holding it) does not exist on the tier. Never retryable. */
public class TierObjectNotFoundException extends TierException {
    public TierObjectNotFoundException(Throwable cause, String tier, String op, String key, int status, String code) {
        super("object not found", cause, tier, op, key, status, code, false, null);
    }
}
