package dev.tierpack.packer.ingest;

import dev.tierpack.packer.chunk.ChunkId;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Holds the new chunks of one store path until its NAR has been verified (NarHash, NarSize), so that data of a
 * corrupt object never reaches a pack. Chunks stay in memory up to a limit and spill to a temporary file beyond
 * it: memory is bounded whatever the store path's size. Not thread-safe; one per in-flight store path.
 */
public final class ChunkStaging implements AutoCloseable {
    /** Receives staged chunks on {@link #replay}. */
    @FunctionalInterface
    public interface Receiver {
        /** @param compressible the verdict it was staged with ({@link #add(ChunkId, byte[], int, int, boolean)}) */
        void accept(ChunkId id, byte[] buf, int off, int len, boolean compressible) throws IOException;
    }

    private final long memoryLimit;
    private final Path spillDir;
    private byte[] memory = new byte[0];
    private int memorySize;
    private final List<ChunkId> ids = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final java.util.BitSet incompressible = new java.util.BitSet();
    private final Set<ChunkId> staged = new HashSet<>();
    private Path spillFile;
    private OutputStream spill;
    private int inMemory;
    private long bytes;

    public ChunkStaging(long memoryLimit, Path spillDir) {
        if (memoryLimit < 0) {
            throw new IllegalArgumentException("memoryLimit < 0");
        }
        this.memoryLimit = memoryLimit;
        this.spillDir = spillDir;
    }

    /** Stages a compressible chunk unless it is staged already; returns whether it was new here. */
    public boolean add(ChunkId id, byte[] buf, int off, int len) throws IOException {
        return add(id, buf, off, len, true);
    }

    /**
     * Stages a chunk unless it is staged already; returns whether it was new here. {@code compressible} is handed back
     * on {@link #replay} (the pack writer stores incompressible chunks without compressing them).
     */
    public boolean add(ChunkId id, byte[] buf, int off, int len, boolean compressible) throws IOException {
        if (!staged.add(id)) {
            return false;
        }
        if (spill == null && memorySize + (long) len <= memoryLimit) {
            if (memorySize + len > memory.length) {
                memory = java.util.Arrays.copyOf(memory, (int) Math.min(memoryLimit, Math.max(memorySize + len, 2L * memory.length + (1 << 16))));
            }
            System.arraycopy(buf, off, memory, memorySize, len);
            memorySize += len;
            inMemory++;
        } else {
            if (spill == null) {
                spillFile = Files.createTempFile(spillDir, "staging-", ".chunks");
                spill = new java.io.BufferedOutputStream(Files.newOutputStream(spillFile), 1 << 16);
            }
            spill.write(buf, off, len);
        }
        if (!compressible) {
            incompressible.set(ids.size());
        }
        ids.add(id);
        lengths.add(len);
        bytes += len;
        return true;
    }

    public boolean contains(ChunkId id) {
        return staged.contains(id);
    }

    public int count() {
        return ids.size();
    }

    public long bytes() {
        return bytes;
    }

    /** Hands every staged chunk to {@code receiver}, in staging order. */
    public void replay(Receiver receiver) throws IOException {
        int pos = 0;
        for (int i = 0; i < inMemory; i++) {
            int len = lengths.get(i);
            receiver.accept(ids.get(i), memory, pos, len, !incompressible.get(i));
            pos += len;
        }
        if (spill == null) {
            return;
        }
        spill.flush();
        byte[] buf = new byte[0];
        try (InputStream in = Files.newInputStream(spillFile); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16))) {
            for (int i = inMemory; i < ids.size(); i++) {
                int len = lengths.get(i);
                if (buf.length < len) {
                    buf = new byte[len];
                }
                data.readFully(buf, 0, len);
                receiver.accept(ids.get(i), buf, 0, len, !incompressible.get(i));
            }
        }
    }

    /** Empties the staging area for the next store path, keeping its memory buffer for reuse. */
    public void reset() {
        try {
            if (spill != null) {
                spill.close();
                Files.deleteIfExists(spillFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            spill = null;
            spillFile = null;
            memorySize = 0;
            inMemory = 0;
            bytes = 0;
            ids.clear();
            lengths.clear();
            incompressible.clear();
            staged.clear();
        }
    }

    /** Drops everything (also the spill file) and releases the memory buffer. */
    @Override
    public void close() {
        reset();
        memory = new byte[0];
    }
}
