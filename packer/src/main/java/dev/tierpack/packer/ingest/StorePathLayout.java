package dev.tierpack.packer.ingest;

import dev.tierpack.core.nar.NarEntry;
import java.util.List;
import java.util.Objects;

/**
 * A decomposed NAR: its entries in NAR order, each regular file with the chunks that make up its contents.
 * Together with the chunks this is everything needed to write the NAR again byte for byte.
 *
 * @param entries the NAR's entries; {@link NarEntry.RegularFile} entries are paired with their chunks in
 *                {@code files} in the same order
 * @param files   the chunk list of each regular file, in NAR order
 */
public record StorePathLayout(List<NarEntry> entries, List<List<ChunkRef>> files) {
    public StorePathLayout {
        entries = List.copyOf(entries);
        files = files.stream().map(List::copyOf).toList();
        long fileEntries = entries.stream().filter(e -> e instanceof NarEntry.RegularFile).count();
        if (fileEntries != files.size()) {
            throw new IllegalArgumentException("files (" + files.size() + ") do not match regular file entries (" + fileEntries + ")");
        }
        int i = 0;
        for (NarEntry e : entries) {
            if (e instanceof NarEntry.RegularFile f) {
                long sum = files.get(i++).stream().mapToLong(ChunkRef::length).sum();
                if (sum != f.size()) {
                    throw new IllegalArgumentException("chunks of " + f.path() + " sum to " + sum + ", file size " + f.size());
                }
            }
        }
        Objects.requireNonNull(entries);
    }

    /** Number of chunk references (with repeats). */
    public long chunkRefs() {
        return files.stream().mapToLong(List::size).sum();
    }
}
