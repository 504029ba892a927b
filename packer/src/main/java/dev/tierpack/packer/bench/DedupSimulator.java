package dev.tierpack.packer.bench;

import dev.tierpack.core.compress.Compression;
import dev.tierpack.core.compress.Decompressors;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nar.NarEntry;
import dev.tierpack.core.nar.NarReader;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.chunk.ChunkStream;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.FileCompressibility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Objects;

/**
 * Ingests a cache the way the packer will: each {@code .nar.xz} is decompressed (the selected xz backend) and
 * parsed as a stream ({@link NarReader}); the contents of every regular file are chunked separately with
 * {@link ChunkStream} (a file no longer than {@code minSize} is one chunk, an empty file none); each chunk is
 * hashed ({@link ChunkHasher}) and looked up in a {@link ChunkTable} across the whole cache; chunks not seen before
 * go to a {@link NewChunkSink} (the packer) in ingest order, the others only count a reference.
 *
 * <p>Streams: memory is one chunker buffer ({@code 2 * maxSize}) plus the decoder's window plus the table. One
 * simulator ingests any number of caches into one table (later caches deduplicate against earlier ones). Not
 * thread-safe.
 */
public final class DedupSimulator {
    /**
     * What one {@link #ingest} saw.
     *
     * @param storePaths store paths (NARs) read
     * @param entries NAR entries that a manifest lists: regular files, symlinks and directories
     * @param regularFiles regular files
     * @param narBytes NAR bytes decoded
     * @param fileBytes regular-file content bytes (NAR bytes minus framing, names and symlink targets)
     * @param chunkReferences chunks cut (every one is a reference a manifest stores)
     * @param newChunks chunks not seen before (handed to the sink)
     * @param newBytes their raw bytes
     * @param work time of decoding, parsing, chunking, hashing and lookups, excluding the sink's
     * @param sink time spent in the sink
     */
    public record Stats(int storePaths, long entries, long regularFiles, long narBytes, long fileBytes,
            long chunkReferences, long newChunks, long newBytes, Timing work, Timing sink) {
        /** Share of the file bytes that were duplicates of chunks already seen. */
        public double duplicateShare() {
            return fileBytes == 0 ? 0 : 1 - (double) newBytes / fileBytes;
        }
    }

    private final ChunkerParams params;
    private final ChunkStream chunker;
    private final ChunkHasher hasher = new ChunkHasher();
    private final ChunkTable table = new ChunkTable();

    public DedupSimulator(ChunkerParams params) {
        this.params = Objects.requireNonNull(params, "params");
        this.chunker = new ChunkStream(params);
    }

    public ChunkerParams params() {
        return params;
    }

    /** The unique chunks seen so far. */
    public ChunkTable table() {
        return table;
    }

    /**
     * Ingests every store path of {@code cache} in its order.
     *
     * @throws FormatException a NAR is corrupt (context names the object)
     * @throws SourceException a NAR file cannot be read
     */
    public Stats ingest(BenchCache cache, NewChunkSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Counters c = new Counters();
        Timing.Stopwatch start = Timing.start();
        try (c.compressibility) {
            for (BenchCache.Entry e : cache.entries()) {
                String key = e.info().url();
                try (InputStream nar = Decompressors.open(Compression.fromNarInfo(e.info().compression()),
                        Files.newInputStream(e.narFile()), key)) {
                    NarReader reader = new NarReader(nar, NarReader.Options.DEFAULT.withMaxNarSize(e.info().narSize()));
                    for (NarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                        switch (entry) {
                            case NarEntry.RegularFile f -> {
                                c.entries++;
                                c.regularFiles++;
                                c.fileBytes += f.size();
                                c.compressibility.startFile(f.size());
                                chunker.chunk(reader.contents(), f.size(),
                                        (offset, buf, off, len) -> chunk(c, sink, offset, buf, off, len));
                            }
                            case NarEntry.Directory d -> c.entries++;
                            case NarEntry.Symlink s -> c.entries++;
                            case NarEntry.EndDirectory d -> { }
                        }
                    }
                    if (reader.offset() != e.info().narSize()) {
                        throw new FormatException("NAR size differs from the narinfo's NarSize",
                                "expected", e.info().narSize(), "actual", reader.offset());
                    }
                    c.narBytes += reader.offset();
                    c.storePaths++;
                } catch (TierpackException ex) {
                    throw ex.with("object", key).with("storePath", e.info().storePath());
                } catch (java.nio.file.NoSuchFileException ex) {
                    throw new SourceException("NAR file missing", ex, "object", key);
                }
            }
        }
        Timing total = start.elapsed();
        Timing sinkTime = new Timing(c.sinkWall, c.sinkCpu);
        return new Stats(c.storePaths, c.entries, c.regularFiles, c.narBytes, c.fileBytes, c.references, c.newChunks,
                c.newBytes, total.minus(sinkTime), sinkTime);
    }

    private void chunk(Counters c, NewChunkSink sink, long offset, byte[] buf, int off, int len) throws IOException {
        ChunkId id = hasher.hash(buf, off, len);
        c.references++;
        int i = table.find(id);
        if (i >= 0) {
            table.reference(i);
            return;
        }
        int index = table.add(id, len);
        c.newChunks++;
        c.newBytes += len;
        boolean compress = c.compressibility.verdict(offset, buf, off, len); // ingest work, as in the product
        long wall = System.nanoTime();
        long cpu = Timing.threadCpuNanos();
        sink.accept(index, id, buf, off, len, compress);
        c.sinkCpu += Timing.threadCpuNanos() - cpu;
        c.sinkWall += System.nanoTime() - wall;
    }

    private static final class Counters {
        final FileCompressibility compressibility = new FileCompressibility();
        int storePaths;
        long entries;
        long regularFiles;
        long narBytes;
        long fileBytes;
        long references;
        long newChunks;
        long newBytes;
        long sinkWall;
        long sinkCpu;
    }
}
