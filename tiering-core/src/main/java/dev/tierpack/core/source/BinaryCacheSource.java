package dev.tierpack.core.source;

import dev.tierpack.core.error.SourceException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;

/**
 * Read-only access to a Nix binary cache: an S3 bucket prefix or a local directory. No method
 * writes, moves or deletes anything.
 *
 * <p>Contract shared by all implementations (checked by {@code BinaryCacheSourceContract}):
 * <ul>
 *   <li>{@link #list} is lazy and yields every object exactly once, in S3 key order
 *       ({@link KeyOrder}: lexicographic by UTF-8 bytes), holding a bounded amount of state.
 *   <li>{@code list(k)} yields exactly the objects whose key sorts after {@code k}; {@code k} need
 *       not exist, so a campaign resumes from the last key it checkpointed.
 *   <li>Keys are relative to the cache root, e.g. {@code nix-cache-info}, {@code nar/x.nar.xz}.
 *   <li>Streams are not buffered in memory; the caller closes them.
 *   <li>A missing object makes {@link #open}/{@link #openRange} throw {@link SourceException}
 *       naming the key and {@link #describe() the source}; {@link #head} returns empty.
 *   <li>Listing and I/O failures surface as {@link SourceException}.
 * </ul>
 */
public interface BinaryCacheSource extends AutoCloseable {

    /**
     * Lists objects in key order.
     *
     * @param startAfter only keys sorting strictly after this one, or null for all
     */
    Iterator<SourceObject> list(String startAfter);

    /** Streams a whole object. */
    InputStream open(String key);

    /**
     * Streams {@code length} bytes starting at {@code offset}.
     *
     * @throws SourceException if the object is missing or shorter than {@code offset + length}
     */
    InputStream openRange(String key, long offset, long length);

    /** Size and metadata of one object, or empty if it does not exist. */
    Optional<SourceObject> head(String key);

    /** Where the data comes from, as a URI without secrets (safe to log). */
    String describe();

    @Override
    void close();
}
