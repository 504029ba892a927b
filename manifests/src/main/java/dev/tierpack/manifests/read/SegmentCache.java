package dev.tierpack.manifests.read;

import dev.tierpack.packer.format.PackId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently decoded segments, shared by every NAR stream of a process, least recently used first out, bounded by the
 * total of their raw bytes. Deduplication makes store paths share segments (every version of a package refers to the
 * chunks of the first one), so a segment decoded for one NAR is often needed by the next: serving it from here saves a
 * range GET and a decode. Segments are immutable once published (a pack is never rewritten under its id), so a cached
 * segment is never stale. Thread-safe; the arrays handed out must not be modified.
 */
public final class SegmentCache {
    /** A segment: its pack and index. */
    record Key(PackId pack, int segment) {}

    private final long maxBytes;
    private final Map<Key, byte[]> map = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    /** @param maxBytes bound on the raw bytes held; 0 disables caching */
    public SegmentCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        this.maxBytes = maxBytes;
    }

    synchronized byte[] get(Key key) {
        byte[] raw = map.get(key);
        if (raw == null) {
            misses++;
        } else {
            hits++;
        }
        return raw;
    }

    synchronized boolean contains(Key key) {
        return map.containsKey(key);
    }

    synchronized void put(Key key, byte[] raw) {
        if (raw.length > maxBytes) {
            return;
        }
        byte[] old = map.put(key, raw);
        bytes += raw.length - (old == null ? 0 : old.length);
        Iterator<byte[]> it = map.values().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().length;
            it.remove();
        }
    }

    /** Raw bytes held. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Lookups that found their segment. */
    public synchronized long hits() {
        return hits;
    }

    /** Lookups that did not. */
    public synchronized long misses() {
        return misses;
    }
}
