package dev.tierpack.packer.index;

import java.io.IOException;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The pack index objects a {@link ChunkIndexRebuilder} reads: normally a listing of the warm tier's {@code index/}
 * prefix, fetching each object in turn. Each object is handed over once, as its key and its bytes; nothing needs to
 * be held beyond the current object. An {@link IOException} (listing or fetch failed) aborts the rebuild.
 */
@FunctionalInterface
public interface IndexObjectSource {
    /** Calls {@code each} with (object key, object bytes) for every index object, in any order. */
    void forEach(BiConsumer<String, byte[]> each) throws IOException;

    /** The objects of an in-memory map (key to bytes), in the map's order. */
    static IndexObjectSource of(Map<String, byte[]> objects) {
        return each -> objects.forEach(each);
    }
}
