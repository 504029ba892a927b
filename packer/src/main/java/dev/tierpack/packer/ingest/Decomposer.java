package dev.tierpack.packer.ingest;

import dev.tierpack.core.nar.NarEntry;
import dev.tierpack.core.nar.NarReader;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.chunk.ChunkStream;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.FileCompressibility;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decomposes a NAR into its entries and chunks each regular file's contents separately with FastCDC. Chunks
 * that are neither known (durable or pending in an open pack) nor already staged are staged; the rest are only
 * referenced. One instance per thread (it owns the chunking buffer, the hasher and the compressibility probe).
 *
 * <p>Each new chunk is staged with the verdict of {@link FileCompressibility}: compressible or not (already
 * compressed files then skip zstd).
 */
public final class Decomposer implements AutoCloseable {
    private final ChunkStream chunker;
    private final ChunkHasher hasher = new ChunkHasher();
    private final FileCompressibility compressibility = new FileCompressibility();

    public Decomposer(ChunkerParams params) {
        this.chunker = new ChunkStream(params);
    }

    /** What one store path contributed. */
    public record Stats(long files, long chunks, long newChunks, long newBytes, long dedupChunks, long dedupBytes) {}

    /** The layout plus its counts. */
    public record Result(StorePathLayout layout, Stats stats) {}

    /**
     * Reads every entry of {@code reader}.
     *
     * @param known   true for chunks that need not be stored again (chunk index or open packs)
     * @param staging receives new chunks
     */
    public Result decompose(NarReader reader, Predicate<ChunkId> known, ChunkStaging staging) throws IOException {
        return decompose(reader, known, staging, true);
    }

    /**
     * {@link #decompose(NarReader, Predicate, ChunkStaging)}; with {@code judge} false no file is probed and every
     * chunk is staged compressible (for packs that would not store incompressible chunks apart anyway).
     */
    public Result decompose(NarReader reader, Predicate<ChunkId> known, ChunkStaging staging, boolean judge)
            throws IOException {
        List<NarEntry> entries = new ArrayList<>();
        List<List<ChunkRef>> files = new ArrayList<>();
        long[] c = new long[5]; // chunks, newChunks, newBytes, dedupChunks, dedupBytes
        for (NarEntry e = reader.next(); e != null; e = reader.next()) {
            entries.add(e);
            if (e instanceof NarEntry.RegularFile f) {
                List<ChunkRef> refs = new ArrayList<>();
                compressibility.startFile(f.size(), judge);
                chunker.chunk(reader.contents(), f.size(), (offset, buf, off, len) -> {
                    ChunkId id = hasher.hash(buf, off, len);
                    refs.add(new ChunkRef(id, len));
                    c[0]++;
                    if (!staging.contains(id) && !known.test(id)
                            && staging.add(id, buf, off, len, compressibility.verdict(offset, buf, off, len))) {
                        c[1]++;
                        c[2] += len;
                    } else {
                        c[3]++;
                        c[4] += len;
                    }
                });
                files.add(refs);
            }
        }
        return new Result(new StorePathLayout(entries, files), new Stats(files.size(), c[0], c[1], c[2], c[3], c[4]));
    }

    /** Releases the compressibility probe's native zstd context. */
    @Override
    public void close() {
        compressibility.close();
    }
}
