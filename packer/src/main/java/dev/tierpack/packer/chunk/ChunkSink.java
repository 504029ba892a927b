package dev.tierpack.packer.chunk;

import java.io.IOException;

/** Receives the chunks of one stream from {@link ChunkStream}, in order. */
@FunctionalInterface
public interface ChunkSink {
    /**
     * One chunk: bytes {@code buf[off, off+len)}, found at {@code offset} in the stream.
     * {@code buf} is the chunker's own buffer, lent for the duration of the call: the sink must
     * not modify it nor keep a reference to it after returning (copy what it needs).
     */
    void accept(long offset, byte[] buf, int off, int len) throws IOException;
}
