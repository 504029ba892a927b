package dev.tierpack.manifests.read;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.format.Checksums;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.ingest.ChunkRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Fetches and decodes the segments one NAR needs, in NAR order, on a virtual thread of its own, and hands the
 * chunk slices to the writer through a bounded queue.
 *
 * <p>Planning: the chunk references are resolved in batches; consecutive references into one segment form a
 * <em>visit</em> served by one decoded segment; consecutive visits of adjacent segments of one pack are fetched with
 * one range GET of at most {@link ReassemblyConfig#maxRangeBytes()} (the first GET of a stream takes a single
 * segment, so the first bytes go out early); a visit of a segment still in the cache of recently decoded segments, or
 * in a range already being fetched, is served from the cache without a fetch. Up to
 * {@link ReassemblyConfig#prefetchRanges()} range GETs run ahead of decoding, each on a virtual thread, so that tier
 * latency overlaps with decoding and writing. Every segment's CRC32C is checked before it is decoded.
 *
 * <p>Memory: see {@link ReassemblyConfig}. The producer blocks when the queue is full, so a slow writer (a slow
 * client) holds at most the queue and the cache; {@link #close} stops the producer.
 */
final class SegmentPipeline implements AutoCloseable {
    /** A chunk's bytes: {@code raw[offset, offset + length)}. */
    record Slice(ChunkId id, int offset, int length) {}

    /** A decoded segment and the slices of it the NAR needs next, in NAR order. */
    record Decoded(byte[] raw, List<Slice> slices) {}

    private record Failure(Throwable error) {}

    private static final Object END = new Object();
    /** Work items planned ahead at most (cache hits need no GET, so they do not count against prefetchRanges). */
    private static final int MAX_PLANNED = 256;

    private static SegmentCache.Key key(ChunkLocation at) {
        return new SegmentCache.Key(at.packId(), at.segment());
    }

    /** Consecutive references into one segment. */
    private record Visit(SegmentCache.Key key, ChunkLocation at, List<Slice> slices) {
        boolean adjacentTo(Visit previous, long end) {
            return key.pack().equals(previous.key.pack()) && at.segmentOffset() == end;
        }
    }

    private final Iterator<ChunkRef> refs;
    private final ChunkIndex index;
    private final ChunkTiers tiers;
    private final ReassemblyConfig config;
    private final ReassemblyStats stats;
    private final String storePath;
    private final BlockingQueue<Object> queue;
    private final SegmentCache cache;
    private Thread producer;
    private volatile boolean stopped;

    // producer-side lookahead
    private final List<ChunkRef> batch = new ArrayList<>();
    private Map<ChunkId, ChunkLocation> locations = Map.of();
    private int batchPos;
    private ChunkRef pendingRef;
    private ChunkLocation pendingAt;

    // consumer side
    private Decoded current;
    private int slice;

    SegmentPipeline(Iterator<ChunkRef> refs, ChunkIndex index, ChunkTiers tiers, ReassemblyConfig config,
            SegmentCache cache, ReassemblyStats stats, String storePath) {
        this.refs = refs;
        this.cache = cache;
        this.index = index;
        this.tiers = tiers;
        this.config = config;
        this.stats = stats;
        this.storePath = storePath;
        this.queue = new ArrayBlockingQueue<>(config.readaheadSegments());
    }

    void start() {
        producer = Thread.ofVirtual().name("nar-fetch " + storePath).start(this::produce);
    }

    /**
     * The next chunk, which must be {@code expected}: a slice of {@link #raw()}, valid until the next call.
     */
    Slice next(ChunkRef expected) throws IOException {
        while (current == null || slice == current.slices().size()) {
            if (current != null) {
                stats.consumed(current.raw().length);
                current = null;
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reassembling " + storePath);
            }
            switch (item) {
                case Decoded d -> {
                    current = d;
                    slice = 0;
                }
                case Failure f -> throw rethrow(f.error());
                default -> throw new IntegrityException("segment pipeline ended before the NAR", "storePath", storePath,
                        "chunk", expected.id());
            }
        }
        Slice s = current.slices().get(slice++);
        if (!s.id().equals(expected.id()) || s.length() != expected.length()) {
            throw new IntegrityException("segment pipeline out of step with the manifest", "storePath", storePath,
                    "expected", expected.id(), "actual", s.id());
        }
        return s;
    }

    /** The decoded segment the last {@link #next} slice is in. */
    byte[] raw() {
        return current.raw();
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            return io;
        }
        return new IOException(t);
    }

    @Override
    public void close() {
        stopped = true;
        if (producer != null) {
            producer.interrupt();
        }
        List<Object> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        for (Object o : dropped) {
            if (o instanceof Decoded d) {
                stats.consumed(d.raw().length);
            }
        }
        if (current != null) {
            stats.consumed(current.raw().length);
            current = null;
        }
    }

    // ---- producer ----

    /** Work in NAR order: a planned range GET (running ahead), or a visit of a segment decoded earlier. */
    private sealed interface Work {}

    private record Range(List<Visit> visits, long start, long end, Tier tier, String key,
            java.util.concurrent.CompletableFuture<byte[]> stored, Thread fetcher, boolean planned) implements Work {}

    private record Again(Visit visit) implements Work {}

    private final java.util.ArrayDeque<Work> ahead = new java.util.ArrayDeque<>();
    /** Segments in ranges fetched ahead and not yet decoded, with their number of ranges. */
    private final Map<SegmentCache.Key, Integer> inFlight = new java.util.HashMap<>();
    private int outstanding;
    private Visit peeked;
    private boolean planned;
    private boolean firstRange = true;

    private void produce() {
        try {
            while (!stopped) {
                plan();
                Work w = ahead.poll();
                if (w == null) {
                    break;
                }
                switch (w) {
                    case Range r -> decode(r);
                    case Again a -> {
                        byte[] raw = cache.get(a.visit().key());
                        if (raw != null) {
                            stats.visit(true);
                            emit(raw, a.visit());
                        } else { // evicted since it was planned: fetch it again, alone
                            Range r = range(List.of(a.visit()), a.visit().at().segmentOffset(),
                                    a.visit().at().segmentEnd(), false);
                            decode(r);
                        }
                    }
                }
            }
            if (!stopped) {
                queue.put(END);
            }
        } catch (InterruptedException e) {
            // stopped by close()
        } catch (Throwable t) {
            if (!stopped) {
                try {
                    queue.put(new Failure(t));
                } catch (InterruptedException ignored) {
                    // stopped by close()
                }
            }
        } finally {
            for (Work w : ahead) {
                if (w instanceof Range r) {
                    r.fetcher().interrupt(); // stops the GET; its bytes are dropped
                }
            }
        }
    }

    /**
     * Plans ahead until {@link ReassemblyConfig#prefetchRanges()} range GETs are running: consecutive visits of
     * adjacent segments of one pack become one range (the first range of a stream holds one segment, so the first
     * bytes leave early); a visit of a segment that is cached or already being fetched is served from the cache.
     */
    private void plan() {
        while (!planned && outstanding < config.prefetchRanges() && ahead.size() < MAX_PLANNED) {
            Visit v = peeked != null ? peeked : nextVisit();
            peeked = null;
            if (v == null) {
                planned = true;
                return;
            }
            if (cache.contains(v.key()) || inFlight.containsKey(v.key())) {
                ahead.add(new Again(v));
                continue;
            }
            boolean first = firstRange;
            firstRange = false;
            List<Visit> visits = new ArrayList<>();
            visits.add(v);
            long start = v.at().segmentOffset();
            long end = v.at().segmentEnd();
            long cap = first ? v.at().segmentStoredLength() : config.maxRangeBytes();
            Visit n = nextVisit();
            while (n != null && n.adjacentTo(v, end) && end - start + n.at().segmentStoredLength() <= cap
                    && !cache.contains(n.key()) && !inFlight.containsKey(n.key())) {
                visits.add(n);
                end = n.at().segmentEnd();
                n = nextVisit();
            }
            peeked = n;
            if (n == null) {
                planned = true;
            }
            Range r = range(visits, start, end, true);
            visits.forEach(x -> inFlight.merge(x.key(), 1, Integer::sum));
            outstanding++;
            ahead.add(r);
        }
    }

    /** Starts the range GET on a virtual thread of its own. */
    private Range range(List<Visit> visits, long start, long end, boolean planned) {
        ChunkLocation first = visits.getFirst().at();
        Tier tier = tiers.tier(first.tier()).orElseThrow(() -> restore(first));
        String key = first.packKey();
        int length = Math.toIntExact(end - start);
        java.util.concurrent.CompletableFuture<byte[]> stored = new java.util.concurrent.CompletableFuture<>();
        Thread fetcher = Thread.ofVirtual().name("nar-range " + storePath).start(() -> {
            try (InputStream in = tier.readRange(key, start, length)) {
                stored.complete(in.readNBytes(length));
            } catch (Throwable t) {
                stored.completeExceptionally(t);
            }
        });
        return new Range(visits, start, end, tier, key, stored, fetcher, planned);
    }

    /** Waits for a range's bytes, then checks, decodes and emits each of its segments. */
    private void decode(Range r) throws IOException, InterruptedException {
        byte[] stored;
        try {
            stored = r.stored().get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof dev.tierpack.core.error.TierException t && "InvalidObjectState".equals(t.code())) {
                throw new RestoreRequiredException("pack is archived and has no restored copy; restore required", t,
                        "storePath", storePath, "pack", r.key(), "tier", r.tier().name());
            }
            if (cause instanceof TierpackException t) {
                throw t.with("storePath", storePath);
            }
            throw rethrow(cause);
        } finally {
            if (r.planned()) {
                outstanding--;
            }
        }
        int length = (int) (r.end() - r.start());
        stats.request(length);
        if (stored.length != length) {
            throw new FormatException("truncated pack", "tier", r.tier().name(), "pack", r.key(),
                    "offset", r.start() + stored.length, "expected", r.end(), "storePath", storePath);
        }
        for (Visit v : r.visits()) {
            if (r.planned()) {
                inFlight.computeIfPresent(v.key(), (k, n) -> n == 1 ? null : n - 1);
            }
            ChunkLocation at = v.at();
            int off = (int) (at.segmentOffset() - r.start());
            int crc = Checksums.crc32c(stored, off, at.segmentStoredLength());
            if (crc != at.segmentCrc32c()) {
                throw new IntegrityException("segment checksum mismatch", "tier", r.tier().name(), "pack", r.key(),
                        "offset", at.segmentOffset(), "segment", at.segment(), "storePath", storePath,
                        "expected", Integer.toHexString(at.segmentCrc32c()), "actual", Integer.toHexString(crc));
            }
            byte[] raw;
            try {
                raw = SegmentCodec.decompress(at.codec(), stored, off, at.segmentStoredLength(), at.segmentRawLength());
            } catch (TierpackException e) {
                throw e.with("tier", r.tier().name()).with("pack", r.key()).with("offset", at.segmentOffset())
                        .with("segment", at.segment()).with("storePath", storePath);
            }
            stats.decoded();
            stats.visit(false);
            remember(v.key(), raw);
            emit(raw, v);
        }
    }

    private void emit(byte[] raw, Visit v) throws InterruptedException {
        stats.queued(raw.length);
        queue.put(new Decoded(raw, v.slices()));
    }

    private void remember(SegmentCache.Key key, byte[] raw) {
        cache.put(key, raw);
    }

    private RestoreRequiredException restore(ChunkLocation at) {
        return new RestoreRequiredException("store path needs a chunk on the cold tier; restore required",
                "storePath", storePath, "pack", at.packKey(), "tier", at.tier());
    }

    /** The next run of consecutive references into one segment, or null at the end. */
    private Visit nextVisit() {
        if (pendingRef == null && !advance()) {
            return null;
        }
        ChunkLocation at = pendingAt;
        SegmentCache.Key key = key(at);
        List<Slice> slices = new ArrayList<>();
        do {
            slices.add(new Slice(pendingRef.id(), pendingAt.chunkOffset(), pendingAt.chunkLength()));
            pendingRef = null;
        } while (advance() && pendingAt.packId().equals(key.pack()) && pendingAt.segment() == key.segment());
        return new Visit(key, at, slices);
    }

    /** Moves the next located reference into {@code pending*}; false at the end. */
    private boolean advance() {
        if (batchPos == batch.size()) {
            batch.clear();
            batchPos = 0;
            while (refs.hasNext() && batch.size() < config.locationBatch()) {
                batch.add(refs.next());
            }
            if (batch.isEmpty()) {
                return false;
            }
            Set<ChunkId> ids = new LinkedHashSet<>();
            batch.forEach(r -> ids.add(r.id()));
            locations = index.findAll(ids);
        }
        ChunkRef r = batch.get(batchPos++);
        ChunkLocation at = locations.get(r.id());
        if (at == null) {
            throw new IntegrityException("chunk named by the manifest is not in the chunk index", "storePath", storePath,
                    "chunk", r.id());
        }
        if (at.chunkLength() != r.length()) {
            throw new IntegrityException("chunk length differs from the manifest", "storePath", storePath,
                    "chunk", r.id(), "expected", r.length(), "actual", at.chunkLength());
        }
        if (at.tier() == TierCode.COLD && tiers.cold() == null) {
            throw restore(at);
        }
        pendingRef = r;
        pendingAt = at;
        return true;
    }

    /** The references of a layout's files, in NAR order. */
    static Iterator<ChunkRef> flatten(List<List<ChunkRef>> files) {
        Iterator<List<ChunkRef>> outer = files.iterator();
        return new Iterator<>() {
            Iterator<ChunkRef> inner = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!inner.hasNext() && outer.hasNext()) {
                    inner = outer.next().iterator();
                }
                return inner.hasNext();
            }

            @Override
            public ChunkRef next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return inner.next();
            }
        };
    }
}
