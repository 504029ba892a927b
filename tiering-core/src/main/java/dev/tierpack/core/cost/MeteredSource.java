package dev.tierpack.core.cost;

import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.core.tier.RequestKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BinaryCacheSource} that reports its requests to a {@link CostMeter}, priced as an S3
 * bucket would bill them whatever the source really is:
 *
 * <ul>
 *   <li>a listing: one LIST request per started page of {@code pageSize} keys (S3 returns full
 *       pages), and one for a listing that yields nothing;
 *   <li>{@link #open}/{@link #openRange}: one GET, charged when the stream is closed together with
 *       the bytes actually read (egress); a request that fails is charged too, as S3 bills errors;
 *   <li>{@link #head}: one HEAD.
 * </ul>
 */
public final class MeteredSource implements BinaryCacheSource {
    private final BinaryCacheSource delegate;
    private final CostMeter meter;
    private final int pageSize;

    public MeteredSource(BinaryCacheSource delegate, CostMeter meter, int pageSize) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.meter = Objects.requireNonNull(meter, "meter");
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("page size out of range: " + pageSize);
        }
        this.pageSize = pageSize;
    }

    @Override
    public Iterator<SourceObject> list(String startAfter) {
        Iterator<SourceObject> it = delegate.list(startAfter);
        return new Iterator<>() {
            long yielded;
            boolean charged;

            @Override
            public boolean hasNext() {
                if (yielded % pageSize == 0 && !charged) {
                    // fetching the next page (or learning there is none) is a request
                    boolean more = it.hasNext();
                    if (more || yielded == 0) {
                        meter.onSourceRequest(RequestKind.LIST, 1, 0);
                    }
                    charged = true;
                    return more;
                }
                return it.hasNext();
            }

            @Override
            public SourceObject next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SourceObject o = it.next();
                yielded++;
                charged = false;
                return o;
            }
        };
    }

    @Override
    public InputStream open(String key) {
        return metered(() -> delegate.open(key), RequestKind.GET);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        return metered(() -> delegate.openRange(key, offset, length), RequestKind.GET_RANGE);
    }

    @Override
    public Optional<SourceObject> head(String key) {
        try {
            return delegate.head(key);
        } finally {
            meter.onSourceRequest(RequestKind.HEAD, 1, 0);
        }
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private interface Opener {
        InputStream open();
    }

    private InputStream metered(Opener opener, RequestKind kind) {
        InputStream in;
        try {
            in = opener.open();
        } catch (RuntimeException e) {
            meter.onSourceRequest(kind, 1, 0);
            throw e;
        }
        return new Counting(in, kind);
    }

    private final class Counting extends FilterInputStream {
        private final RequestKind kind;
        private long count;
        private boolean closed;

        Counting(InputStream in, RequestKind kind) {
            super(in);
            this.kind = kind;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += Math.max(0, s); // skipped bytes were transferred all the same
            return s;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                super.close();
            } finally {
                meter.onSourceRequest(kind, 1, count);
            }
        }
    }
}
