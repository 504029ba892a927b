package dev.tierpack.core.tier;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A decorator that runs every request-level call (each part, each page, the opening of a read, a HEAD, a delete,
 * a restore request or status)
 * through one guard, {@link #call}: a circuit breaker, a bulkhead. Subclasses say what the guard is and whether a
 * multipart abort (cleanup after a failure) goes through it too.
 */
public abstract class GuardedTier extends ForwardingTier {

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
    public Optional<TierObject> stat(String key) {
        return call("head", key, () -> delegate.stat(key));
    }

    @Override
    public void delete(String key) {
        call("delete", key, () -> {
            delegate.delete(key);
            return null;
        });
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
    public ListPage listPage(String prefix, String startAfter, String continuationToken) {
        return call("list", null, () -> delegate.listPage(prefix, startAfter, continuationToken));
    }

    @Override
    public UploadRequests uploadRequests(String key) {
        UploadRequests d = delegate.uploadRequests(key);
        return new UploadRequests() {
            @Override
            public String key() {
                return d.key();
            }

            @Override
            public TierObject putObject(PartBody body) {
                return call("put", key, () -> d.putObject(body));
            }

            @Override
            public String initiate() {
                return call("initiateMultipart", key, d::initiate);
            }

            @Override
            public String putPart(String uploadId, int number, PartBody body) {
                return call("uploadPart", key, () -> d.putPart(uploadId, number, body));
            }

            @Override
            public TierObject complete(String uploadId, List<CompletedPart> parts, long size) {
                return call("completeMultipart", key, () -> d.complete(uploadId, parts, size));
            }

            @Override
            public void abort(String uploadId) {
                if (!guardsAbort()) {
                    d.abort(uploadId);
                    return;
                }
                call("abortMultipart", key, () -> {
                    d.abort(uploadId);
                    return null;
                });
            }
        };
    }
}
