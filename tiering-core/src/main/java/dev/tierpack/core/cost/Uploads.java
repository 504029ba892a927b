package dev.tierpack.core.cost;

import dev.tierpack.core.tier.RequestKind;
import java.util.EnumMap;
import java.util.Map;

/** The requests a tier upload makes, as {@code Tier.upload} streams it (for estimates). */
public final class Uploads {
    private Uploads() {}

    /**
     * Requests to upload one object of {@code size} bytes in parts of {@code partSize}: a single PUT
     * if it fits in one part, otherwise initiate, {@code ceil(size / partSize)} parts and complete.
     */
    public static Map<RequestKind, Long> requests(long size, long partSize) {
        if (size < 0 || partSize <= 0) {
            throw new IllegalArgumentException("invalid size or part size: " + size + ", " + partSize);
        }
        Map<RequestKind, Long> m = new EnumMap<>(RequestKind.class);
        if (size <= partSize) {
            m.put(RequestKind.PUT, 1L);
        } else {
            m.put(RequestKind.INITIATE_MULTIPART, 1L);
            m.put(RequestKind.UPLOAD_PART, ceilDiv(size, partSize));
            m.put(RequestKind.COMPLETE_MULTIPART, 1L);
        }
        return m;
    }

    /** PUT-class requests of {@link #requests}. */
    public static long putClassRequests(long size, long partSize) {
        return requests(size, partSize).values().stream().mapToLong(Long::longValue).sum();
    }

    static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }
}
