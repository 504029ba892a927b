package dev.tierpack.manifests.catalog;

import dev.tierpack.core.store.GenerationalHome;
import java.nio.file.Path;

/**
 * The catalog home directory (docs/FORMAT.md 9.1), with the same layout and crash rules as the chunk index home:
 * lock file {@code catalog.lock}, {@code LIVE}, {@code db-N/} generations.
 */
final class CatalogHome extends GenerationalHome {
    static final String LOCK = "catalog.lock";
    private static final Spec SPEC = new Spec(LOCK, "catalog", CatalogStoreException::new);

    private CatalogHome(Path home) {
        super(home, SPEC);
    }

    /** Locks {@code home} (see {@link GenerationalHome}). */
    static CatalogHome lock(Path home) {
        return new CatalogHome(home);
    }
}
