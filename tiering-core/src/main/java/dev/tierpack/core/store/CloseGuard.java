package dev.tierpack.core.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a local store's calls and its close apart: calls run concurrently while the store is open ({@link #call}),
 * {@link #close} waits for the running ones and closes the store once, and every call after it is an
 * {@link IllegalStateException} naming the store and its directory (never a native crash on a closed database).
 * Closing from inside one of the store's own calls is refused: it would wait for itself.
 */
public final class CloseGuard {
    /** A call on the store: may throw what the store's native API throws. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T run() throws E;
    }

    private final String store;
    private final Path dir;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /** A guard for the store called {@code store} (e.g. "catalog", in messages) in directory {@code dir}. */
    public CloseGuard(String store, Path dir) {
        this.store = Objects.requireNonNull(store, "store");
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * Runs {@code call} while holding off {@link #close}.
     *
     * @throws IllegalStateException the store is closed
     */
    public <T, E extends Exception> T call(Call<T, E> call) throws E {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(store + " is closed: directory=" + dir);
            }
            return call.run();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Waits for the running calls, then runs {@code closer} unless the store is closed already (idempotent). Once
     * this has begun closing, later calls fail even if {@code closer} throws.
     *
     * @throws IllegalStateException called from inside a {@link #call} of this thread
     */
    public void close(Runnable closer) {
        if (lifecycle.getReadHoldCount() > 0) {
            throw new IllegalStateException(store + " closed from inside one of its own calls: directory=" + dir);
        }
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closer.run();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
