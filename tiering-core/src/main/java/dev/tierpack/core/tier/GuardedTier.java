package dev.tierpack.core.tier;

import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A decorator that runs every request-level call (each part, each page, the opening of a read, a HEAD, a delete,
 * a restore request or status)
 * through one guard, {@link #call}: a circuit breaker, a bulkhead. Subclasses say what the guard is and whether a
 * multipart abort (cleanup after a failure) goes through it too.
 */
public abstract class GuardedTier extends InterceptingTier {

    protected GuardedTier(Tier delegate) {
        super(delegate);
    }

    /**
     * Runs one request under the guard.
     *
     * @param op  the request's name in errors ({@code get}, {@code uploadPart}, …)
     * @param key the object key, or null for a listing
     */
    protected abstract <T> T call(String op, String key, Supplier<T> request);

    /** Whether {@link UploadRequests#abort} is guarded; if not, it is sent whatever the guard's state. */
    protected abstract boolean guardsAbort();

    @Override
    public InputStream read(String key) {
        return call("get", key, () -> delegate.read(key));
    }

    @Override
    public InputStream readRange(String key, long offset, long length) {
        return call("getRange", key, () -> delegate.readRange(key, offset, length));
    }

    @Override
    public RestoreStatus restoreStatus(String key) {
        return call("headRestore", key, () -> delegate.restoreStatus(key));
    }

    @Override
    public RestoreStart requestRestore(String key, dev.tierpack.core.cost.RestoreTier tier, int days) {
        return call("restore", key, () -> delegate.requestRestore(key, tier, days));
    }

    @Override
    protected final <T> T intercept(Request request, Supplier<T> send) {
        if (request.kind() == RequestKind.ABORT_MULTIPART && !guardsAbort()) {
            return send.get();
        }
        return call(request.op(), request.key(), send);
    }
}
