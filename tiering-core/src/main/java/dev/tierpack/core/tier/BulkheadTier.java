package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import dev.tierpack.core.resilience.BulkheadSettings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Bounds the requests in flight to a tier (Resilience4j semaphore Bulkhead; see {@link BulkheadSettings}). Each
 * request-level call holds a slot while it is sent (for a read: while it is opened). A caller that finds no slot
 * within the wait fails with a retryable {@link TierException} (code {@code LocalBulkheadFull}) without sending.
 */
public final class BulkheadTier extends ForwardingTier {
    private final Bulkhead bulkhead;

    public BulkheadTier(Tier delegate, BulkheadSettings settings) {
        super(delegate);
        this.bulkhead = settings.create("tier-" + delegate.name());
    }

    /** The Resilience4j bulkhead (metrics, events). */
    public Bulkhead bulkhead() {
        return bulkhead;
    }

    private <T> T call(String op, String key, Supplier<T> request) {
        try {
            return bulkhead.executeSupplier(request);
        } catch (BulkheadFullException e) {
            TierException x = new TierException("too many requests in flight", e, name(), op, key,
                    TierException.NO_STATUS, "LocalBulkheadFull", true, null);
            x.with("maxConcurrent", bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
            throw x;
        }
    }

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
                call("abortMultipart", key, () -> {
                    d.abort(uploadId);
                    return null;
                });
            }
        };
    }
}
