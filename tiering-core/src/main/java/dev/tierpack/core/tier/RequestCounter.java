package dev.tierpack.core.tier;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** A thread-safe {@link RequestListener} that adds up requests and bytes per {@link RequestKind}, over all tiers it hears. */
public final class RequestCounter implements RequestListener {
    private static final RequestKind[] KINDS = RequestKind.values();

    private final AtomicLongArray requests = new AtomicLongArray(KINDS.length);
    private final AtomicLongArray bytes = new AtomicLongArray(KINDS.length);

    @Override
    public void onRequest(String tier, RequestKind kind, long n) {
        requests.incrementAndGet(kind.ordinal());
        bytes.addAndGet(kind.ordinal(), n);
    }

    public long requests(RequestKind kind) {
        return requests.get(kind.ordinal());
    }

    public long requests(RequestKind.Group group) {
        long sum = 0;
        for (RequestKind k : KINDS) {
            if (k.group() == group) {
                sum += requests.get(k.ordinal());
            }
        }
        return sum;
    }

    public long bytes(RequestKind kind) {
        return bytes.get(kind.ordinal());
    }

    /** Body bytes sent to tiers (PUT and UPLOAD_PART). */
    public long bytesOut() {
        return bytes(RequestKind.PUT) + bytes(RequestKind.UPLOAD_PART);
    }

    /** Body bytes received from tiers (GET and GET_RANGE). */
    public long bytesIn() {
        return bytes(RequestKind.GET) + bytes(RequestKind.GET_RANGE);
    }

    /** All requests of any kind. */
    public long totalRequests() {
        long sum = 0;
        for (int i = 0; i < KINDS.length; i++) {
            sum += requests.get(i);
        }
        return sum;
    }

    /** Requests per kind (kinds never seen are absent). */
    public Map<RequestKind, Long> snapshot() {
        Map<RequestKind, Long> m = new EnumMap<>(RequestKind.class);
        for (RequestKind k : KINDS) {
            long n = requests.get(k.ordinal());
            if (n != 0) {
                m.put(k, n);
            }
        }
        return m;
    }

    public void reset() {
        for (int i = 0; i < KINDS.length; i++) {
            requests.set(i, 0);
            bytes.set(i, 0);
        }
    }

    @Override
    public String toString() {
        return "RequestCounter" + snapshot();
    }
}
