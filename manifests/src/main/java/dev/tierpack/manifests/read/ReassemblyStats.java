package dev.tierpack.manifests.read;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live, thread-safe counters of NAR reassembly: readable while a stream runs (one stream's or, shared, many streams'
 * totals).
 */
public final class ReassemblyStats {
    private final AtomicLong nars = new AtomicLong();
    private final AtomicLong narBytes = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesFetched = new AtomicLong();
    private final AtomicLong segmentsDecoded = new AtomicLong();
    private final AtomicLong segmentVisits = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong segmentsConsumed = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong maxBuffered = new AtomicLong();

    /** NARs completely written and verified. */
    public long nars() {
        return nars.get();
    }

    /** NAR bytes written. */
    public long narBytes() {
        return narBytes.get();
    }

    /** Chunk references served. */
    public long chunks() {
        return chunks.get();
    }

    /** Range GETs issued for data segments. */
    public long requests() {
        return requests.get();
    }

    /** Stored bytes those GETs fetched. */
    public long bytesFetched() {
        return bytesFetched.get();
    }

    /** Segments fetched and decoded. */
    public long segmentsDecoded() {
        return segmentsDecoded.get();
    }

    /** Runs of consecutive chunk references in one segment (each served by one decoded segment). */
    public long segmentVisits() {
        return segmentVisits.get();
    }

    /** Segment visits served from the cache of decoded segments, without a fetch. */
    public long cacheHits() {
        return cacheHits.get();
    }

    /** Segment visits the writer has finished with. */
    public long segmentsConsumed() {
        return segmentsConsumed.get();
    }

    /** Raw bytes of decoded segments handed to the writer and not yet consumed. */
    public long bufferedBytes() {
        return buffered.get();
    }

    /** The largest {@link #bufferedBytes()} seen. */
    public long maxBufferedBytes() {
        return maxBuffered.get();
    }

    void nar(long bytes) {
        nars.incrementAndGet();
        narBytes.addAndGet(bytes);
    }

    void chunk() {
        chunks.incrementAndGet();
    }

    void request(long bytes) {
        requests.incrementAndGet();
        bytesFetched.addAndGet(bytes);
    }

    void decoded() {
        segmentsDecoded.incrementAndGet();
    }

    void visit(boolean cached) {
        segmentVisits.incrementAndGet();
        if (cached) {
            cacheHits.incrementAndGet();
        }
    }

    void queued(long bytes) {
        maxBuffered.accumulateAndGet(buffered.addAndGet(bytes), Math::max);
    }

    void consumed(long bytes) {
        buffered.addAndGet(-bytes);
        segmentsConsumed.incrementAndGet();
    }

    @Override
    public String toString() {
        return "ReassemblyStats[nars=" + nars() + ", narBytes=" + narBytes() + ", chunks=" + chunks() + ", requests="
                + requests() + ", bytesFetched=" + bytesFetched() + ", segmentsDecoded=" + segmentsDecoded()
                + ", segmentVisits=" + segmentVisits() + ", cacheHits=" + cacheHits() + ", maxBufferedBytes="
                + maxBufferedBytes() + "]";
    }
}
