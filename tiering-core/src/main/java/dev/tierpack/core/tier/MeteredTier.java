package dev.tierpack.core.tier;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports every request to a {@link RequestListener}, exactly once, failed or not (a failed
 * request may still be billed; placed under a {@link RetryingTier}, every attempt is reported).
 * An upload of N parts is N + 2 PUT-class requests (initiate, parts, complete); an object of at most
 * one part is one PUT. A read is reported when its stream reaches the end or is closed, with the
 * bytes actually received; a read whose opening fails is reported at once with 0 bytes.
 */
public final class MeteredTier extends InterceptingTier {
    private static final Logger log = LoggerFactory.getLogger(MeteredTier.class);

    private final RequestListener listener;

    public MeteredTier(Tier delegate, RequestListener listener) {
        super(delegate);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    private void report(RequestKind kind, long bytes) {
        try {
            listener.onRequest(name(), kind, bytes);
        } catch (RuntimeException e) {
            log.warn("request listener failed: tier={} kind={} error={}", name(), kind, e.toString());
        }
    }

    @Override
    public InputStream read(String key) {
        return counted(RequestKind.GET, () -> delegate.read(key));
    }

    @Override
    public InputStream readRange(String key, long offset, long length) {
        return counted(RequestKind.GET_RANGE, () -> delegate.readRange(key, offset, length));
    }

    private InputStream counted(RequestKind kind, Supplier<InputStream> open) {
        InputStream in;
        try {
            in = open.get();
        } catch (RuntimeException e) {
            report(kind, 0);
            throw e;
        }
        return new CountingStream(in, kind);
    }

    @Override
    public RestoreStatus restoreStatus(String key) {
        return intercept(new Request("headRestore", RequestKind.HEAD, key, 0), () -> delegate.restoreStatus(key));
    }

    @Override
    protected <T> T intercept(Request request, Supplier<T> send) {
        try {
            return send.get();
        } finally {
            report(request.kind(), request.bodyBytes());
        }
    }

    /** Counts received bytes; reports once, at end of stream or close. */
    private final class CountingStream extends FilterInputStream {
        private final RequestKind kind;
        private long bytes;
        private boolean reported;

        CountingStream(InputStream in, RequestKind kind) {
            super(in);
            this.kind = kind;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException | RuntimeException e) {
                done();
                throw e;
            }
            if (b < 0) {
                done();
            } else {
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                done();
                throw e;
            }
            if (n < 0) {
                done();
            } else {
                bytes += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            bytes += s; // skipped bytes were transferred all the same
            return s;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                done();
            }
        }

        private void done() {
            if (!reported) {
                reported = true;
                report(kind, bytes);
            }
        }
    }
}
