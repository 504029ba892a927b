package dev.tierpack.core.tier;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Full-size part buffers kept between uploads. A pack upload fills a part buffer (16 MiB by default) and a spare
 * while the previous part is sent; allocating them afresh for every pack costs their zeroing, the page faults of
 * fresh heap and humongous-object work in the garbage collector, per pack, on the ingest thread. Buffers come back
 * only when no request reads them any more (after the part or object request returned).
 *
 * <p>Bounded: at most {@link #MAX_IDLE} idle buffers per size are kept (64 MiB at the default part size); beyond
 * that a returned buffer is left to the garbage collector. Thread-safe.
 */
final class PartBufferPool {
    /** Idle buffers kept per size: two uploads' worth (a part being filled and a spare each). */
    static final int MAX_IDLE = 4;
    private static final PartBufferPool SHARED = new PartBufferPool();

    private record Idle(ConcurrentLinkedDeque<byte[]> buffers, AtomicInteger count) {}

    private final Map<Integer, Idle> bySize = new ConcurrentHashMap<>();

    static PartBufferPool shared() {
        return SHARED;
    }

    /** A buffer of exactly {@code size} bytes, with unspecified content. */
    byte[] take(int size) {
        Idle idle = bySize.get(size);
        byte[] b = idle == null ? null : idle.buffers().pollFirst();
        if (b == null) {
            return new byte[size];
        }
        idle.count().decrementAndGet();
        return b;
    }

    /** Gives {@code buffer} back (nothing may read or write it afterwards); null is ignored. */
    void give(byte[] buffer) {
        if (buffer == null) {
            return;
        }
        Idle idle = bySize.computeIfAbsent(buffer.length, s -> new Idle(new ConcurrentLinkedDeque<>(), new AtomicInteger()));
        if (idle.count().incrementAndGet() > MAX_IDLE) {
            idle.count().decrementAndGet();
            return;
        }
        idle.buffers().offerFirst(buffer);
    }

    /** Idle buffers of {@code size} bytes (for tests). */
    int idle(int size) {
        Idle idle = bySize.get(size);
        return idle == null ? 0 : idle.count().get();
    }
}
