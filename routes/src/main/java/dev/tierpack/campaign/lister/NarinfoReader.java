package dev.tierpack.campaign.lister;

import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.source.BinaryCacheSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Reads and parses the narinfos of a listing page, {@code concurrency} GETs at a time, and turns each into either a
 * {@link WorkRecord} or, when the narinfo is corrupt, inconsistent with its key, too large or gone, a quarantine
 * {@link ProgressEvent}. Never reads a NAR. A narinfo is read with a size bound ({@link NarInfoParser#DEFAULT_MAX_BYTES}).
 * Transient failures (I/O, throttling) are thrown: the page is retried as a whole.
 */
public final class NarinfoReader implements AutoCloseable {
    private final BinaryCacheSource source;
    private final NarInfoParser parser;
    private final Semaphore slots;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final LongSupplier clock;

    /** What became of one narinfo. */
    public sealed interface Outcome {
        /** A store path to migrate, with its narinfo as parsed here (placement records its facts from it). */
        record Work(WorkRecord record, NarInfo info) implements Outcome {}

        record Quarantine(ProgressEvent event) implements Outcome {}
    }

    public NarinfoReader(BinaryCacheSource source, NarInfoParser parser, int concurrency, LongSupplier clock) {
        this.source = source;
        this.parser = parser;
        this.slots = new Semaphore(concurrency);
        this.clock = clock;
    }

    /** One outcome per narinfo, in the order given. */
    public List<Outcome> read(List<PagePlanner.NarinfoRef> refs) {
        List<Future<Outcome>> futures = new ArrayList<>(refs.size());
        for (PagePlanner.NarinfoRef ref : refs) {
            futures.add(pool.submit(() -> {
                slots.acquire();
                try {
                    return readOne(ref);
                } finally {
                    slots.release();
                }
            }));
        }
        List<Outcome> out = new ArrayList<>(refs.size());
        try {
            for (Future<Outcome> f : futures) {
                out.add(f.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new SourceException("reading a narinfo failed", e.getCause(), "source", source.describe(),
                    "cause", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while reading narinfos", e, "source", source.describe());
        }
        return out;
    }

    Outcome readOne(PagePlanner.NarinfoRef ref) throws IOException {
        String hash = ref.hashPart();
        if (ref.size() > NarInfoParser.DEFAULT_MAX_BYTES) {
            return quarantine(ref, null, 0, "narinfo too large: size=" + ref.size() + " max=" + NarInfoParser.DEFAULT_MAX_BYTES);
        }
        byte[] bytes;
        try (InputStream in = source.open(ref.key())) {
            bytes = in.readNBytes(NarInfoParser.DEFAULT_MAX_BYTES + 1);
        } catch (SourceObjectNotFoundException e) {
            return quarantine(ref, null, 0, "narinfo vanished after listing: " + e.getMessage());
        }
        if (bytes.length > NarInfoParser.DEFAULT_MAX_BYTES) {
            return quarantine(ref, null, 0, "narinfo too large: max=" + NarInfoParser.DEFAULT_MAX_BYTES);
        }
        NarInfo info;
        try {
            info = parser.parse(bytes, ref.key());
        } catch (FormatException | IntegrityException e) {
            return quarantine(ref, null, 0, "corrupt narinfo: " + e.getMessage());
        }
        if (!info.storePath().hashPart().equals(hash)) {
            return quarantine(ref, info.storePath().toString(), info.narSize(),
                    "narinfo key does not match its StorePath: key=" + ref.key() + " storePath=" + info.storePath());
        }
        try {
            return new Outcome.Work(WorkRecord.of(info, ref.key(), ref.size(), new String(bytes, StandardCharsets.UTF_8),
                    ref.listingKey()), info);
        } catch (TierpackException e) {
            return quarantine(ref, info.storePath().toString(), info.narSize(), "unusable narinfo: " + e.getMessage());
        }
    }

    private Outcome quarantine(PagePlanner.NarinfoRef ref, String storePath, long narSize, String reason) {
        return new Outcome.Quarantine(ProgressEvent.quarantined(ref.hashPart(), storePath, ref.key(), narSize, reason,
                clock.getAsLong()));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
