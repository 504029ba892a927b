package dev.tierpack.core.tier;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Full-size part buffers kept between uploads. A pack upload fills a part buffer (16 MiB by default) and a spare
 * while the previous part is sent; allocating them afresh for every pack costs their zeroing, the page faults of
 * fresh heap and humongous-object work in the garbage collector, per pack, on the ingest thread. Buffers come back
 * only when no request reads them any more (after the part or object request returned).
 *
 * <p>Bounded: idle buffers take at most {@link #maxIdleBytes()} bytes together (the shared pool: 64 MiB, or a
 * sixteenth of the maximum heap if that is less, so a small heap keeps few or none); beyond that a returned buffer
 * is left to the garbage collector. Thread-safe.
 */
final class PartBufferPool {
    private static final long SHARED_CAP = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);
    private static final PartBufferPool SHARED = new PartBufferPool(SHARED_CAP);

    private final long maxIdleBytes;
    private final AtomicLong idleBytes = new AtomicLong();
    private final Map<Integer, ConcurrentLinkedDeque<byte[]>> bySize = new ConcurrentHashMap<>();

    PartBufferPool(long maxIdleBytes) {
        if (maxIdleBytes < 0) {
            throw new IllegalArgumentException("maxIdleBytes < 0: " + maxIdleBytes);
        }
        this.maxIdleBytes = maxIdleBytes;
    }

    static PartBufferPool shared() {
        return SHARED;
    }

    long maxIdleBytes() {
        return maxIdleBytes;
    }

    /** A buffer of exactly {@code size} bytes, with unspecified content. */
    byte[] take(int size) {
        ConcurrentLinkedDeque<byte[]> idle = bySize.get(size);
        byte[] b = idle == null ? null : idle.pollFirst();
        if (b == null) {
            return new byte[size];
        }
        idleBytes.addAndGet(-size);
        return b;
    }

    /** Gives {@code buffer} back (nothing may read or write it afterwards); null is ignored. */
    void give(byte[] buffer) {
        if (buffer == null) {
            return;
        }
        if (idleBytes.addAndGet(buffer.length) > maxIdleBytes) {
            idleBytes.addAndGet(-buffer.length);
            return;
        }
        bySize.computeIfAbsent(buffer.length, s -> new ConcurrentLinkedDeque<>()).offerFirst(buffer);
    }

    /** Drops every idle buffer (for tests that need to see this pool's own reuse). */
    void clear() {
        for (ConcurrentLinkedDeque<byte[]> idle : bySize.values()) {
            for (byte[] b = idle.pollFirst(); b != null; b = idle.pollFirst()) {
                idleBytes.addAndGet(-b.length);
            }
        }
    }

    /** Idle buffers of {@code size} bytes (for tests). */
    int idle(int size) {
        ConcurrentLinkedDeque<byte[]> idle = bySize.get(size);
        return idle == null ? 0 : idle.size();
    }
}
