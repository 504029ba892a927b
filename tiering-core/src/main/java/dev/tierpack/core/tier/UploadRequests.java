package dev.tierpack.core.tier;

import java.util.List;

/**
 * The request-level protocol behind {@link Tier#upload(String)} for one key: each method is exactly
 * one request to the server. Callers write objects with {@link Tier#upload}; this interface exists so
 * that decorators ({@link RetryingTier}, {@link RateLimitedTier}, {@link MeteredTier}; see {@link InterceptingTier})
 * can act on every request an upload makes, including each part.
 *
 * <p>An upload makes either one {@link #putObject} (an object that fits in one part) or
 * {@link #initiate}, one {@link #putPart} per part and {@link #complete} (N parts: N + 2 requests),
 * or {@link #abort} instead of {@link #complete}.
 */
public interface UploadRequests {
    /** S3's limit on the number of parts of one upload. */
    int MAX_PARTS = 10_000;

    /** The key (relative to the tier) this upload writes. */
    String key();

    /** Writes the whole object in one PUT; durable when it returns. */
    TierObject putObject(PartBody body);

    /** Starts a multipart upload and returns its upload id. */
    String initiate();

    /** Uploads part {@code number} (1-based) and returns its ETag. */
    String putPart(String uploadId, int number, PartBody body);

    /**
     * Completes a multipart upload; the object exists and is durable when it returns.
     *
     * @param size the total number of bytes of the parts (the object's size)
     */
    TierObject complete(String uploadId, List<CompletedPart> parts, long size);

    /** Aborts a multipart upload, discarding its parts. Aborting an unknown upload id is not an error. */
    void abort(String uploadId);
}
