package dev.tierpack.core.tier;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * The body of one PUT-class request of an upload: a read-only view of the first {@link #length()}
 * bytes of the upload's part buffer. The same bytes can be sent again (a retry), so a body is
 * replayable; it is valid until the request that received it returns, after which the buffer is
 * refilled with the next part. Never copied: a tier sends it straight from the buffer.
 */
public final class PartBody {
    private final byte[] buffer;
    private final int length;

    PartBody(byte[] buffer, int length) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(0, length, buffer.length);
        this.length = length;
    }

    /** A body over the given bytes (for tests and tools). */
    public static PartBody of(byte[] bytes) {
        return new PartBody(bytes, bytes.length);
    }

    public int length() {
        return length;
    }

    /** A new stream over the body, from its first byte; may be called once per attempt. */
    public InputStream open() {
        return new ByteArrayInputStream(buffer, 0, length);
    }

    /**
     * The backing array; only its first {@link #length()} bytes belong to the body. Callers must not
     * modify it. Exposed so that clients that take a {@code byte[]} can send without copying.
     */
    public byte[] array() {
        return buffer;
    }
}
