package dev.tierpack.packer.session;

import dev.tierpack.packer.ingest.ChunkStaging;
import dev.tierpack.packer.ingest.Decomposer;
import dev.tierpack.packer.pack.PackBuffers;
import java.util.Objects;

/**
 * The working memory of one ingest thread, kept across its successive {@link PackingSession}s: the chunker's
 * buffer and hasher, the staging area of a store path's new chunks, and each tier's segment buffers and zstd
 * context. A campaign worker opens a session per batch; without a workspace each batch would allocate, zero and
 * fault in its buffers afresh (a cold segment is 128 MiB plus its compressed form, and fresh memory costs ~5 ms per
 * MiB on the machines measured: BENCHMARKS.md, "Where the ingest thread's CPU goes").
 *
 * <p>Memory stays bounded by what one session holds (one raw segment and its compressed form per tier, the staging
 * limit, the chunker's buffer); it is simply not given back between sessions. Used by one session at a time: a
 * second session on a workspace in use is refused. Not thread-safe; {@link #close()} releases it all.
 */
public final class PackingWorkspace implements AutoCloseable {
    private final PackerConfig config;
    private final Decomposer decomposer;
    private final ChunkStaging staging;
    private final PackBuffers warm = new PackBuffers();
    private final PackBuffers cold = new PackBuffers();
    private boolean inUse;
    private boolean closed;

    public PackingWorkspace(PackerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.decomposer = new Decomposer(config.chunker());
        this.staging = new ChunkStaging(config.stagingMemory(), config.workDir());
    }

    public PackerConfig config() {
        return config;
    }

    Decomposer decomposer() {
        return decomposer;
    }

    ChunkStaging staging() {
        return staging;
    }

    PackBuffers warmBuffers() {
        return warm;
    }

    PackBuffers coldBuffers() {
        return cold;
    }

    /** Marks the workspace as used by a session; refused while another session holds it or after close. */
    void acquire() {
        if (closed) {
            throw new IllegalStateException("packing workspace closed");
        }
        if (inUse) {
            throw new IllegalStateException("packing workspace already used by an open packing session");
        }
        inUse = true;
    }

    /** Gives the workspace back after a session: the staging area is emptied, the buffers are kept. */
    void release() {
        staging.reset();
        inUse = false;
    }

    @Override
    public void close() {
        closed = true;
        decomposer.close();
        staging.close();
        warm.close();
        cold.close();
    }
}
