package dev.tierpack.packer.bench;

import dev.tierpack.packer.chunk.ChunkId;
import java.io.IOException;

/** Receives the chunks a {@link DedupSimulator} has not seen before, in ingest order, numbered 0, 1, 2, .... */
@FunctionalInterface
public interface NewChunkSink {
    /**
     * New chunk number {@code index} with bytes {@code buf[off, off + len)} and the product's verdict on compressing
     * it ({@link dev.tierpack.packer.compress.FileCompressibility}). The buffer is lent for the call only (the sink
     * copies what it keeps).
     */
    void accept(int index, ChunkId id, byte[] buf, int off, int len, boolean compressible) throws IOException;

    /** A sink that drops every chunk. */
    static NewChunkSink discard() {
        return (index, id, buf, off, len, compressible) -> { };
    }
}
