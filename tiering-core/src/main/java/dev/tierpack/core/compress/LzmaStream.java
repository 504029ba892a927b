package dev.tierpack.core.compress;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One native {@code lzma_stream} with its off-heap input and output buffers, all allocated in a
 * shared {@link Arena} owned by this object.
 *
 * <p>{@link #close()} calls {@code lzma_end} exactly once and then closes the arena; it is
 * idempotent and may be called from any thread (every method is synchronized, so memory is never
 * freed under a running {@code lzma_code}). If the owner forgets to close, a {@link Cleaner}
 * does the same when this object becomes unreachable. After close every other method throws
 * {@link IOException}.
 */
final class LzmaStream implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final MemorySegment strm;
    private final MemorySegment in;
    private final MemorySegment out;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;
    private long producedBefore;

    private LzmaStream(int inSize, int outSize) {
        if (!Liblzma.AVAILABLE) {
            throw new IllegalStateException("liblzma is not available: " + Liblzma.FAILURE, Liblzma.FAILURE);
        }
        Arena arena = Arena.ofShared();
        try {
            strm = arena.allocate(Liblzma.LZMA_STREAM).fill((byte) 0); // LZMA_STREAM_INIT
            in = arena.allocate(inSize, 64);
            out = arena.allocate(outSize, 64);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        LIVE.incrementAndGet();
        cleanable = CLEANER.register(this, new Release(arena, strm));
    }

    /** Native streams allocated and not yet released (lzma_end + arena close); for leak tests and diagnostics. */
    static int liveStreams() {
        return LIVE.get();
    }

    /** A {@code .xz} decoder accepting concatenated streams and stream padding exactly like {@code xz -dc}. */
    static LzmaStream decoder(int inSize, int outSize) {
        LzmaStream s = new LzmaStream(inSize, outSize);
        s.init("lzma_stream_decoder", () -> (int) Liblzma.STREAM_DECODER.invokeExact(
                s.strm, Liblzma.DECODER_MEMLIMIT, Liblzma.LZMA_CONCATENATED));
        return s;
    }

    /** A {@code .xz} encoder with the given preset (0-9) and a CRC64 check, as Nix writes. */
    static LzmaStream encoder(int preset, int inSize, int outSize) {
        LzmaStream s = new LzmaStream(inSize, outSize);
        s.init("lzma_easy_encoder", () -> (int) Liblzma.EASY_ENCODER.invokeExact(
                s.strm, preset, Liblzma.LZMA_CHECK_CRC64));
        return s;
    }

    private interface NativeCall {
        int call() throws Throwable;
    }

    private void init(String function, NativeCall call) {
        int ret;
        try {
            ret = call.call();
        } catch (Throwable t) {
            close();
            throw new IllegalStateException(function + " failed", t);
        }
        if (ret != Liblzma.LZMA_OK) {
            close();
            throw new IllegalStateException(function + " returned " + Liblzma.retName(ret) + " (" + Liblzma.retMeaning(ret) + ")");
        }
    }

    int inCapacity() {
        return (int) in.byteSize();
    }

    /** Copies {@code len} bytes into the native input buffer and points {@code next_in} at them; only when {@link #availIn()} is 0. */
    synchronized void setInput(byte[] src, int off, int len) throws IOException {
        ensureOpen();
        if (strm.get(JAVA_LONG, Liblzma.AVAIL_IN) != 0) {
            throw new IllegalStateException("input buffer still holds unconsumed bytes");
        }
        MemorySegment.copy(src, off, in, JAVA_BYTE, 0, len);
        strm.set(ADDRESS, Liblzma.NEXT_IN, in);
        strm.set(JAVA_LONG, Liblzma.AVAIL_IN, len);
    }

    synchronized long availIn() throws IOException {
        ensureOpen();
        return strm.get(JAVA_LONG, Liblzma.AVAIL_IN);
    }

    /**
     * Runs {@code lzma_code} once with the whole output buffer free; afterwards {@link #produced()}
     * bytes are at the start of the output buffer.
     */
    synchronized int code(int action) throws IOException {
        ensureOpen();
        strm.set(ADDRESS, Liblzma.NEXT_OUT, out);
        strm.set(JAVA_LONG, Liblzma.AVAIL_OUT, out.byteSize());
        producedBefore = strm.get(JAVA_LONG, Liblzma.TOTAL_OUT);
        try {
            return (int) Liblzma.CODE.invokeExact(strm, action);
        } catch (Throwable t) {
            throw new IllegalStateException("lzma_code failed", t);
        }
    }

    /** Bytes written to the output buffer by the last {@link #code(int)}. */
    synchronized int produced() throws IOException {
        ensureOpen();
        return (int) (strm.get(JAVA_LONG, Liblzma.TOTAL_OUT) - producedBefore);
    }

    synchronized void copyOut(int from, byte[] dst, int off, int len) throws IOException {
        ensureOpen();
        MemorySegment.copy(out, JAVA_BYTE, from, dst, off, len);
    }

    /** {@code total_in}: bytes consumed by liblzma so far. */
    synchronized long totalIn() throws IOException {
        ensureOpen();
        return strm.get(JAVA_LONG, Liblzma.TOTAL_IN);
    }

    /** {@code total_out}: bytes produced by liblzma so far. */
    synchronized long totalOut() throws IOException {
        ensureOpen();
        return strm.get(JAVA_LONG, Liblzma.TOTAL_OUT);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("xz stream closed");
        }
    }

    /** Calls {@code lzma_end} (once) and frees the native memory. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }

    /** Cleaner action: must not reference the {@link LzmaStream}. */
    private record Release(Arena arena, MemorySegment strm) implements Runnable {
        @Override
        public void run() {
            try {
                Liblzma.END.invokeExact(strm);
            } catch (Throwable t) {
                throw new IllegalStateException("lzma_end failed", t);
            } finally {
                arena.close();
                LIVE.decrementAndGet();
            }
        }
    }
}
