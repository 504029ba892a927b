package dev.tierpack.packer.chunk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Deterministic test inputs and helpers. Uses the project's own SplitMix64, so golden vectors never depend on the JDK's generators. */
final class TestData {
    private TestData() {}

    /** {@code size} bytes: the SplitMix64 stream from {@code seed}, each output little-endian. */
    static byte[] random(long seed, int size) {
        SplitMix64 rng = new SplitMix64(seed);
        byte[] out = new byte[size];
        int i = 0;
        while (i < size) {
            long v = rng.next();
            for (int k = 0; k < 8 && i < size; k++, i++) {
                out[i] = (byte) (v >>> (8 * k));
            }
        }
        return out;
    }

    /** A chunk as found by a chunker: stream offset and bytes. */
    record Chunk(long offset, byte[] bytes) {
        ChunkId id() {
            return ChunkHasher.forCurrentThread().hash(bytes);
        }
    }

    /** All chunks of {@code data} through a {@link ChunkStream}, copying each. */
    static List<Chunk> streamChunks(ChunkStream stream, InputStream in) {
        List<Chunk> chunks = new ArrayList<>();
        try {
            stream.chunk(in, (offset, buf, off, len) ->
                    chunks.add(new Chunk(offset, java.util.Arrays.copyOfRange(buf, off, off + len))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunks;
    }

    static byte[] concat(List<Chunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(c -> out.writeBytes(c.bytes()));
        return out.toByteArray();
    }

    /** An InputStream over {@code data} whose reads return between 1 and {@code maxRead} bytes, varying pseudo-randomly. */
    static InputStream trickling(byte[] data, int maxRead, long seed) {
        return new InputStream() {
            private final SplitMix64 rng = new SplitMix64(seed);
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (pos >= data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, data.length - pos), 1 + (int) Long.remainderUnsigned(rng.next(), maxRead));
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
