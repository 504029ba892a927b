package dev.tierpack.packer.chunk;

import dev.tierpack.core.error.FormatException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Chunks streams with {@link FastCdc} in bounded memory: one buffer of {@code 2 * maxSize} bytes,
 * allocated on first use and reused for every later stream. The chunks are exactly those of
 * {@link FastCdc#cut} applied to the whole stream at once, whatever sizes the {@link InputStream}
 * returns from its reads, because a cut is only taken when at least {@code maxSize} bytes are
 * buffered or the stream has ended.
 *
 * <p>A stream of n &gt; 0 bytes with n &lt;= minSize is exactly one chunk; an empty stream yields
 * no chunks at all (the sink is not called).
 *
 * <p>Not thread-safe: use one instance per thread, sequentially for any number of streams.
 */
public final class ChunkStream {
    /** {@link #chunk(InputStream, long, ChunkSink)}'s length for a stream read to its end. */
    public static final long UNKNOWN_LENGTH = -1;

    private final FastCdc cdc;
    private final int maxSize;
    private byte[] buf;

    public ChunkStream(FastCdc cdc) {
        this.cdc = Objects.requireNonNull(cdc, "cdc");
        this.maxSize = cdc.params().maxSize();
    }

    public ChunkStream(ChunkerParams params) {
        this(new FastCdc(params));
    }

    public FastCdc chunker() {
        return cdc;
    }

    /** Buffer size in bytes: {@code 2 * maxSize}. */
    public int bufferSize() {
        return 2 * maxSize;
    }

    /** Chunks {@code in} to its end; returns the number of bytes read. */
    public long chunk(InputStream in, ChunkSink sink) throws IOException {
        return chunk(in, UNKNOWN_LENGTH, sink);
    }

    /**
     * Chunks {@code in}, handing each chunk to {@code sink} in stream order, and returns the number
     * of bytes chunked.
     *
     * @param length {@link #UNKNOWN_LENGTH} to read {@code in} to its end; otherwise exactly this
     *     many bytes are read and nothing past them, so {@code in} may be a larger stream (a NAR)
     *     positioned at a file's contents. If it ends sooner, {@link FormatException}
     *     {@code truncated stream} (with {@code expected} and {@code actual}) is thrown; chunks
     *     already handed to {@code sink} stay delivered, but the incomplete tail never is.
     * @throws IOException from {@code in} or {@code sink}, unchanged
     */
    public long chunk(InputStream in, long length, ChunkSink sink) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        if (length < UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("negative length: " + length);
        }
        if (length == 0) {
            return 0;
        }
        if (buf == null) {
            buf = new byte[2 * maxSize];
        }
        final byte[] b = buf;
        long remaining = length; // bytes still to read when the length is known
        long offset = 0; // stream offset of b[start]
        int start = 0;
        int end = 0;
        boolean eof = false;
        while (true) {
            if (!eof && end - start < maxSize) {
                if (start > 0) {
                    System.arraycopy(b, start, b, 0, end - start);
                    end -= start;
                    start = 0;
                }
                while (end < maxSize) {
                    int want = b.length - end;
                    if (length != UNKNOWN_LENGTH) {
                        if (remaining == 0) {
                            eof = true;
                            break;
                        }
                        want = (int) Math.min(want, remaining);
                    }
                    int n = in.read(b, end, want);
                    if (n < 0) {
                        if (length != UNKNOWN_LENGTH) {
                            throw new FormatException("truncated stream",
                                    "expected", length, "actual", length - remaining);
                        }
                        eof = true;
                        break;
                    }
                    end += n;
                    remaining -= n;
                }
            }
            int available = end - start;
            if (available == 0) {
                return offset;
            }
            int len = cdc.cut(b, start, available);
            sink.accept(offset, b, start, len);
            start += len;
            offset += len;
        }
    }
}
