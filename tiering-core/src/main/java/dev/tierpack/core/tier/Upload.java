package dev.tierpack.core.tier;

import java.io.OutputStream;

/**
 * A streamed write of one object, from {@link Tier#upload(String)}.
 *
 * <p>Bytes written to {@link #stream()} are collected in one part buffer of the tier's part size;
 * each full part is sent as it fills, so memory is one part whatever the object's size. Nothing is
 * visible under the key until {@link #commit()} returns. An object no larger than one part is sent
 * as a single PUT at commit; a larger one as a multipart upload.
 *
 * <p>Not thread-safe: one thread writes and commits. Use it in try-with-resources: closing an
 * upload that was not committed aborts it.
 *
 * <pre>{@code
 * try (Upload up = tier.upload("packs/ab/ab12.pack")) {
 *     pack.writeTo(up.stream());
 *     TierObject stored = up.commit();
 * }
 * }</pre>
 */
public interface Upload extends AutoCloseable {

    /** The key being written. */
    String key();

    /**
     * The stream to write the object's bytes to. Its {@code close()} does not commit. A failed part
     * upload surfaces from {@code write} as a {@link dev.tierpack.core.error.TierException}; the
     * upload is then failed and can only be aborted.
     */
    OutputStream stream();

    /**
     * Sends what is buffered and completes the upload. When it returns the object is stored,
     * durable and visible under {@link #key()}.
     *
     * @throws IllegalStateException if the upload was aborted, failed or already committed
     * @throws dev.tierpack.core.error.TierException if the final requests fail (the upload is then aborted)
     */
    TierObject commit();

    /**
     * Abandons the upload: discards buffered bytes and aborts the multipart upload if one was
     * started. Idempotent, a no-op after commit, and never throws: if the abort request itself
     * fails the parts are left for the bucket's incomplete-upload lifecycle rule, and a warning is
     * logged with the upload id.
     */
    void abort();

    /** Aborts unless committed. */
    @Override
    void close();
}
