package dev.tierpack.packer.ingest;

import dev.tierpack.packer.chunk.ChunkId;
import java.util.Objects;

/** A file's piece: the chunk's id and its raw length. */
public record ChunkRef(ChunkId id, int length) {
    public ChunkRef {
        Objects.requireNonNull(id, "id");
        if (length < 0) {
            throw new IllegalArgumentException("negative chunk length: " + length);
        }
    }
}
