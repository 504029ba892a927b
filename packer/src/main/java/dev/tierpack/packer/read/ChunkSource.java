package dev.tierpack.packer.read;

import dev.tierpack.packer.chunk.ChunkId;
import java.io.IOException;

/** Gives the bytes of a chunk by id (verified against the id). */
@FunctionalInterface
public interface ChunkSource {
    byte[] chunk(ChunkId id) throws IOException;
}
