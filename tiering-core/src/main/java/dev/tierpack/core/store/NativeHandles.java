package dev.tierpack.core.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The native objects (RocksDB options, filters, caches) one local database holds besides the database itself: added
 * as they are created, closed together in reverse order of creation. Used while opening and closing, by one thread.
 */
public final class NativeHandles implements AutoCloseable {
    private final List<AutoCloseable> handles = new ArrayList<>();

    /** Keeps {@code handle} to close it with the others, and returns it. */
    public <T extends AutoCloseable> T add(T handle) {
        handles.add(handle);
        return handle;
    }

    /** Closes every handle, the last added first; forgets them. */
    @Override
    public void close() {
        for (int i = handles.size() - 1; i >= 0; i--) {
            try {
                handles.get(i).close();
            } catch (Exception ignored) {
                // RocksObject.close does not throw
            }
        }
        handles.clear();
    }
}
