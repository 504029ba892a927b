package dev.tierpack.manifests.catalog;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;

/**
 * Catalog totals, kept in the catalog and updated in the same batch as every publish (FORMAT.md 9.4).
 *
 * @param storePaths    store paths in the catalog
 * @param warmPaths     of those, placed warm
 * @param coldPaths     of those, placed cold
 * @param narBytes      sum of their NarSizes
 * @param manifestPacks publishes applied (one per manifest pack)
 */
public record CatalogStats(long storePaths, long warmPaths, long coldPaths, long narBytes, long manifestPacks) {
    public static final CatalogStats EMPTY = new CatalogStats(0, 0, 0, 0, 0);
    static final int VERSION = 1;
    static final int SIZE = 1 + 5 * 8;

    byte[] encode() {
        byte[] b = new byte[SIZE];
        b[0] = VERSION;
        long[] v = {storePaths, warmPaths, coldPaths, narBytes, manifestPacks};
        for (int i = 0; i < v.length; i++) {
            CatalogEntry.putLong(b, 1 + 8 * i, v[i]);
        }
        return b;
    }

    static CatalogStats decode(byte[] b) {
        if (b.length < 1) {
            throw new FormatException("empty catalog totals");
        }
        if ((b[0] & 0xFF) != VERSION) {
            throw new UnsupportedFormatVersionException("catalog totals", b[0] & 0xFF);
        }
        if (b.length != SIZE) {
            throw new FormatException("catalog totals have the wrong length", "length", b.length, "expected", SIZE);
        }
        return new CatalogStats(CatalogEntry.getLong(b, 1), CatalogEntry.getLong(b, 9), CatalogEntry.getLong(b, 17),
                CatalogEntry.getLong(b, 25), CatalogEntry.getLong(b, 33));
    }
}
