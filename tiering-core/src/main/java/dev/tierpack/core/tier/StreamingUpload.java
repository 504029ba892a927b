package dev.tierpack.core.tier;

import dev.tierpack.core.error.TierException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Upload} over {@link UploadRequests}: one part buffer, grown from 64 KiB by steps of eight
 * up to the part size (small objects do not pay for a whole part). A full buffer is sent only when the
 * next byte arrives, so an object of at most one part is a single PUT. Parts of a multipart upload are
 * sent by a background (virtual) thread while the writer fills the next buffer: at most one part is in
 * flight, so memory is two part buffers and the writer (compression) overlaps the network. Any failure
 * aborts the upload; a background failure surfaces on the writer's next write or on commit. Full-size part buffers
 * come from and go back to {@link PartBufferPool} once no request reads them.
 */
final class StreamingUpload implements Upload {
    private static final Logger log = LoggerFactory.getLogger(StreamingUpload.class);
    private static final int INITIAL_BUFFER = 64 * 1024;
    private static final int GROWTH = 8;

    private enum State { OPEN, COMMITTED, ABORTED }

    private final String tier;
    private final UploadRequests requests;
    private final int partSize;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final PartStream stream = new PartStream();
    private final PartBufferPool pool = PartBufferPool.shared();
    private byte[] buffer;
    private byte[] spare;
    private java.util.concurrent.Future<String> inFlight;
    private int inFlightNumber;
    private int count;
    private long size;
    private String uploadId;
    private State state = State.OPEN;
    private RuntimeException failure;

    StreamingUpload(String tier, UploadRequests requests, int partSize) {
        this.tier = Objects.requireNonNull(tier, "tier");
        this.requests = Objects.requireNonNull(requests, "requests");
        if (partSize < Tier.MIN_PART_SIZE || partSize > Tier.MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size out of range: " + partSize);
        }
        this.partSize = partSize;
        this.buffer = new byte[Math.min(INITIAL_BUFFER, partSize)];
    }

    @Override
    public String key() {
        return requests.key();
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public TierObject commit() {
        requireOpen("commit");
        try {
            TierObject stored;
            if (uploadId == null) {
                stored = requests.putObject(new PartBody(buffer, count));
            } else {
                sendPart();
                awaitInFlight();
                stored = requests.complete(uploadId, List.copyOf(parts), size);
            }
            state = State.COMMITTED;
            recycle(buffer);
            recycle(spare);
            buffer = null;
            spare = null;
            log.debug("upload committed: tier={} key={} size={} parts={}", tier, key(), size, parts.size());
            return stored;
        } catch (RuntimeException e) {
            fail(e);
            throw e;
        }
    }

    @Override
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        boolean partDone = true;
        if (inFlight != null) {
            try {
                inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                partDone = false; // its request may still read the spare buffer
            } catch (Exception ignored) {
                // the upload is being aborted anyway
            }
            inFlight = null;
        }
        recycle(buffer);
        if (partDone) {
            recycle(spare);
        }
        buffer = null;
        spare = null;
        if (uploadId != null) {
            try {
                requests.abort(uploadId);
                log.debug("upload aborted: tier={} key={} uploadId={} partsSent={}", tier, key(), uploadId, parts.size());
            } catch (RuntimeException e) {
                log.warn("aborting multipart upload failed; its parts stay until the bucket's lifecycle rule removes them:"
                        + " tier={} key={} uploadId={} error={}", tier, key(), uploadId, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        abort();
    }

    private void fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        abort();
    }

    private void requireOpen(String what) {
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot " + what + " an upload that is " + (failure != null ? "failed"
                    : state.name().toLowerCase(java.util.Locale.ROOT)) + ": tier=" + tier + " key=" + key(), failure);
        }
    }

    /** Makes room for at least one more byte: grows the buffer, or sends it when it holds a full part. */
    private void makeRoom() {
        if (count < buffer.length) {
            return;
        }
        if (buffer.length < partSize) {
            int next = (int) Math.min(partSize, (long) buffer.length * GROWTH);
            byte[] bigger = next == partSize ? pool.take(partSize) : new byte[next];
            System.arraycopy(buffer, 0, bigger, 0, count);
            buffer = bigger;
            return;
        }
        if (uploadId == null) {
            uploadId = requests.initiate();
        }
        sendPart();
    }

    private void sendPart() {
        awaitInFlight();
        int number = parts.size() + 1;
        if (number > UploadRequests.MAX_PARTS) {
            TierException e = new TierException("object needs more than " + UploadRequests.MAX_PARTS
                    + " parts; use a larger part size", null, tier, "uploadPart", key(), TierException.NO_STATUS,
                    "TooManyParts", false, null);
            e.with("partSize", partSize);
            throw e;
        }
        byte[] full = buffer;
        int length = count;
        String id = uploadId;
        inFlightNumber = number;
        inFlight = SENDERS.submit(() -> requests.putPart(id, number, new PartBody(full, length)));
        buffer = spare != null ? spare : pool.take(partSize);
        spare = full;
        count = 0;
    }

    /** Returns a full-size part buffer to the pool (smaller ones are left to the garbage collector). */
    private void recycle(byte[] b) {
        if (b != null && b.length == partSize) {
            pool.give(b);
        }
    }

    /** Waits for the part in flight, if any, and records it; rethrows its failure. */
    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            String etag = inFlight.get();
            parts.add(new CompletedPart(inFlightNumber, etag));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TierException("interrupted while sending a part", e, tier, "uploadPart", key(),
                    TierException.NO_STATUS, "Interrupted", true, null);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TierException("sending a part failed", e.getCause(), tier, "uploadPart", key(),
                    TierException.NO_STATUS, "PartFailed", true, null);
        } finally {
            inFlight = null;
        }
    }

    private static final java.util.concurrent.ExecutorService SENDERS =
            java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tier-part-", 0).factory());

    private final class PartStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            requireWritable();
            try {
                makeRoom();
            } catch (RuntimeException e) {
                fail(e);
                throw e;
            }
            buffer[count++] = (byte) b;
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            requireWritable();
            try {
                while (len > 0) {
                    makeRoom();
                    int n = Math.min(len, buffer.length - count);
                    System.arraycopy(b, off, buffer, count, n);
                    count += n;
                    size += n;
                    off += n;
                    len -= n;
                }
            } catch (RuntimeException e) {
                fail(e);
                throw e;
            }
        }

        private void requireWritable() throws IOException {
            if (state != State.OPEN) {
                throw new IOException("upload is " + (failure != null ? "failed" : state.name().toLowerCase(java.util.Locale.ROOT))
                        + ": tier=" + tier + " key=" + key(), failure);
            }
        }
    }
}
