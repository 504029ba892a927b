package dev.tierpack.core.tier;

/**
 * Told of every request a {@link MeteredTier} sends, so that a cost ledger can price it. Called on
 * the thread that made the request; implementations must be thread-safe and quick. An exception
 * thrown by a listener is logged and otherwise ignored.
 */
@FunctionalInterface
public interface RequestListener {
    /**
     * @param tier the tier's name
     * @param kind what the request was
     * @param bytes body bytes sent (PUT, UPLOAD_PART) or received (GET, GET_RANGE); 0 for the others
     */
    void onRequest(String tier, RequestKind kind, long bytes);
}
