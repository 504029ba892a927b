package dev.tierpack.core.error;

/**
 * A tier request was not sent because the tier's circuit breaker is open: the endpoint failed too often lately
 * (code {@code CircuitOpen}). Retryable once the breaker lets trial calls through again; callers pause (they do not
 * give up) and redo the work.
 */
public class TierUnavailableException extends TierException {
    public static final String CODE = "CircuitOpen";

    public TierUnavailableException(Throwable cause, String tier, String op, String key, String breaker) {
        super("tier unavailable: circuit breaker open", cause, tier, op, key, NO_STATUS, CODE, true, null);
        with("breaker", breaker);
    }
}
