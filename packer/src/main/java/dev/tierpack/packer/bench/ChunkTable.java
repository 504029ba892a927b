package dev.tierpack.packer.bench;

import dev.tierpack.packer.chunk.ChunkId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The unique chunks an experiment has met, numbered 0, 1, 2, ... in the order they were first seen (which is the
 * order they are packed), with each one's raw length and number of references. An in-memory stand-in for the
 * campaign's chunk index: about 100 bytes per unique chunk, so it suits caches of up to a few million chunks, not
 * the production cache. Not thread-safe.
 */
public final class ChunkTable {
    private final Map<ChunkId, Integer> index = new HashMap<>();
    private int[] rawLength = new int[1024];
    private int[] refs = new int[1024];
    private int size;
    private long rawBytes;

    /** The number of the chunk with this id, or -1 if it was never added. */
    public int find(ChunkId id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /** Adds a chunk not yet present, with one reference; returns its number ({@link #size()} before the call). */
    public int add(ChunkId id, int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("chunk length must be positive: " + length);
        }
        if (index.putIfAbsent(id, size) != null) {
            throw new IllegalArgumentException("chunk already present: " + id);
        }
        if (size == rawLength.length) {
            rawLength = Arrays.copyOf(rawLength, size * 2);
            refs = Arrays.copyOf(refs, size * 2);
        }
        rawLength[size] = length;
        refs[size] = 1;
        rawBytes += length;
        return size++;
    }

    /** Counts one more reference to chunk {@code i}. */
    public void reference(int i) {
        refs[checked(i)]++;
    }

    public int size() {
        return size;
    }

    /** Sum of the raw lengths of all unique chunks. */
    public long rawBytes() {
        return rawBytes;
    }

    public int rawLength(int i) {
        return rawLength[checked(i)];
    }

    /** How many times chunk {@code i} was referenced (at least 1). */
    public int references(int i) {
        return refs[checked(i)];
    }

    private int checked(int i) {
        return java.util.Objects.checkIndex(i, size);
    }
}
