package dev.tierpack.packer.index;

import dev.tierpack.core.store.GenerationalHome;
import java.nio.file.Path;

/** The chunk index home directory (FORMAT.md 7.1): lock file {@code index.lock}, {@code LIVE}, {@code db-N/}. */
final class IndexHome extends GenerationalHome {
    static final String LOCK = "index.lock";
    private static final Spec SPEC = new Spec(LOCK, "chunk index", IndexStoreException::new);

    private IndexHome(Path home) {
        super(home, SPEC);
    }

    /** Locks {@code home} (see {@link GenerationalHome}). */
    static IndexHome lock(Path home) {
        return new IndexHome(home);
    }
}
