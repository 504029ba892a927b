package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierObjectNotFoundException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;

/**
 * One storage tier: a bucket (and optional key prefix) on MinIO or S3, addressed by keys relative
 * to the tier. This is everything tierpack does with a tier: stream an object in, read it or a
 * range of it, stat, list and delete (orphan GC only).
 *
 * <h2>Errors</h2>
 * Every failure is a {@link TierException} naming the tier, the operation and the key, with the
 * HTTP status and S3 error code when the server answered, and {@link TierException#retryable()}
 * set for throttling, server errors and transport failures. A missing object is a
 * {@link TierObjectNotFoundException}. Streams returned by {@link #read} and {@link #readRange}
 * throw {@link TierException} (unchecked) from {@code read} when the transfer breaks.
 * Tiers do not retry by themselves: wrap them in a {@link RetryingTier}.
 *
 * <h2>Request-level operations</h2>
 * {@link #upload} and {@link #list} are built, by default methods, on {@link #uploadRequests} and
 * {@link #listPage}, whose every call is exactly one request. Decorators wrap those, so that they
 * see (and retry, limit, count) each part and each page. Callers use {@link #upload} and
 * {@link #list}.
 *
 * <p>Implementations are thread-safe; an {@link Upload} is used by one thread.
 */
public interface Tier extends AutoCloseable {

    /** Minimum part size (S3's minimum for all parts but the last). */
    int MIN_PART_SIZE = 5 * 1024 * 1024;

    /** Default part size. */
    int DEFAULT_PART_SIZE = 16 * 1024 * 1024;

    /** Maximum part size (one part is held in memory). */
    int MAX_PART_SIZE = 1024 * 1024 * 1024;

    /** The tier's name, e.g. {@code warm} or {@code cold}; it appears in errors and metrics. */
    String name();

    /**
     * Starts a streamed write of {@code key}. Memory use is one part buffer ({@link #partSize()}).
     *
     * @see Upload
     */
    default Upload upload(String key) {
        requireKey(key);
        return new StreamingUpload(name(), uploadRequests(key), partSize());
    }

    /**
     * Reads the whole object.
     *
     * @throws TierObjectNotFoundException if there is no such object
     */
    InputStream read(String key);

    /**
     * Reads {@code length} bytes at {@code offset}.
     *
     * @throws IllegalArgumentException if {@code offset < 0} or {@code length < 1}
     * @throws TierObjectNotFoundException if there is no such object
     * @throws TierException (not retryable, code {@code InvalidRange}) if the range does not lie
     *     within the object
     */
    InputStream readRange(String key, long offset, long length);

    /** The object's metadata, or empty if it does not exist. */
    Optional<TierObject> stat(String key);

    /**
     * Lazily lists the objects whose key starts with {@code prefix} and sorts after
     * {@code startAfter}, in key order, fetching one page at a time as the iterator advances.
     *
     * @param prefix the key prefix, or {@code ""} for all
     * @param startAfter list keys strictly after this one, or null to start at the beginning
     */
    default Iterator<TierObject> list(String prefix, String startAfter) {
        return new PagedListing(this, prefix == null ? "" : prefix, startAfter);
    }

    // ---- archive semantics (cold tiers; docs/FORMAT.md section 5) ----

    /**
     * Whether this tier writes objects in an archived storage class (GLACIER, DEEP_ARCHIVE), so that what it wrote
     * cannot be read back without a restore. Writers then verify uploads by Content-MD5 and ETag instead of
     * re-reading. False by default (MinIO, STANDARD, GLACIER_IR).
     */
    default boolean archival() {
        return false;
    }

    /**
     * Whether {@code key} can be read now: one HeadObject, interpreting the storage class and {@code x-amz-restore}.
     * Tiers without archive classes report {@link RestoreStatus.State#NOT_ARCHIVED}.
     *
     * @throws TierObjectNotFoundException if there is no such object
     */
    default RestoreStatus restoreStatus(String key) {
        TierObject o = stat(key).orElseThrow(() -> new TierObjectNotFoundException(null, name(), "head", key, 404,
                "NoSuchKey"));
        return new RestoreStatus(key, RestoreStatus.State.NOT_ARCHIVED, o.storageClass(), o.size(), null);
    }

    /**
     * Asks for a temporary readable copy of an archived object ({@code RestoreObject}) for {@code days} days, with
     * retrieval option {@code tier}. Idempotent: a restore already running or done is reported, not an error.
     *
     * @throws TierException (code {@code NotArchival}) on a tier without archive classes, or (code
     *     {@code InvalidObjectState}) for an object that is not archived
     */
    default RestoreStart requestRestore(String key, dev.tierpack.core.cost.RestoreTier tier, int days) {
        Tier.requireKey(key);
        throw new TierException("tier has no archive storage classes; nothing to restore", null, name(), "restore",
                key, TierException.NO_STATUS, "NotArchival", false, null);
    }

    /** Deletes an object; deleting a missing object succeeds. Used only by orphan GC. */
    void delete(String key);

    // ---- request-level operations (for decorators; see the class comment) ----

    /** The part size {@link #upload} buffers and sends, in bytes. */
    int partSize();

    /** The requests of one upload of {@code key}; {@link #upload} drives them. */
    UploadRequests uploadRequests(String key);

    /**
     * One LIST request.
     *
     * @param continuationToken the previous page's {@link ListPage#nextToken()}, or null for the
     *     first page (which then starts after {@code startAfter})
     */
    ListPage listPage(String prefix, String startAfter, String continuationToken);

    /** Releases the tier's clients. */
    @Override
    void close();

    /** Checks a key is usable: non-empty, no leading slash. */
    static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must be non-empty");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("key must not start with '/': " + key);
        }
    }

    /** Checks a range: {@code offset >= 0}, {@code length >= 1}. */
    static void requireRange(String key, long offset, long length) {
        if (offset < 0 || length < 1 || offset > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException("invalid range " + offset + "+" + length + " for " + key);
        }
    }
}
