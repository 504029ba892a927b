package dev.tierpack.core.tier;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Base of the decorators that act on each request: every request of an upload (the PUT, or the initiate, each
 * part, the completion, the abort), each HEAD, each DELETE and each LIST page is sent through one method,
 * {@link #intercept}, that states the decorator's policy (retry it, take permits, count it, guard it). Reads,
 * whose stream outlives the request that opened it, and the restore requests are left to each decorator.
 */
public abstract class InterceptingTier extends ForwardingTier {

    protected InterceptingTier(Tier delegate) {
        super(delegate);
    }

    /**
     * One request a decorator sees.
     *
     * @param op        its name in errors ({@code put}, {@code uploadPart}, {@code head}, …)
     * @param kind      what it is, as it is priced
     * @param key       the object key, or null for a listing
     * @param bodyBytes the bytes of its body (PUT, UPLOAD_PART), 0 for the others
     */
    public record Request(String op, RequestKind kind, String key, long bodyBytes) {
        public Request {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(kind, "kind");
            if (bodyBytes < 0) {
                throw new IllegalArgumentException("bodyBytes must not be negative: " + bodyBytes);
            }
        }
    }

    /** Sends {@code request} by calling {@code send}, under this decorator's policy, and returns its result. */
    protected abstract <T> T intercept(Request request, Supplier<T> send);

    /**
     * Sends a multipart completion; by default {@link #intercept} like any other request. A decorator that needs
     * the upload id or the object's size to judge the outcome overrides this.
     *
     * @param size the object's size (the sum of the parts)
     */
    protected TierObject interceptCompletion(Request request, String uploadId, long size,
            Supplier<TierObject> complete) {
        return intercept(request, complete);
    }

    @Override
    public Optional<TierObject> stat(String key) {
        return intercept(new Request("head", RequestKind.HEAD, key, 0), () -> delegate.stat(key));
    }

    @Override
    public void delete(String key) {
        intercept(new Request("delete", RequestKind.DELETE, key, 0), () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public ListPage listPage(String prefix, String startAfter, String continuationToken) {
        return intercept(new Request("list", RequestKind.LIST, null, 0),
                () -> delegate.listPage(prefix, startAfter, continuationToken));
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
                return intercept(new Request("put", RequestKind.PUT, key, body.length()), () -> d.putObject(body));
            }

            @Override
            public String initiate() {
                return intercept(new Request("initiateMultipart", RequestKind.INITIATE_MULTIPART, key, 0),
                        d::initiate);
            }

            @Override
            public String putPart(String uploadId, int number, PartBody body) {
                return intercept(new Request("uploadPart", RequestKind.UPLOAD_PART, key, body.length()),
                        () -> d.putPart(uploadId, number, body));
            }

            @Override
            public TierObject complete(String uploadId, List<CompletedPart> parts, long size) {
                return interceptCompletion(new Request("completeMultipart", RequestKind.COMPLETE_MULTIPART, key, 0),
                        uploadId, size, () -> d.complete(uploadId, parts, size));
            }

            @Override
            public void abort(String uploadId) {
                intercept(new Request("abortMultipart", RequestKind.ABORT_MULTIPART, key, 0), () -> {
                    d.abort(uploadId);
                    return null;
                });
            }
        };
    }
}
