package dev.tierpack.packer.chunk;

import dev.tierpack.core.error.FormatException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkStreamTest {
    private final ChunkerParams params = ChunkerParams.of(1 << 10); // min 256, max 4 KiB
    private final ChunkStream stream = new ChunkStream(params);

    @Test
    void emptyStreamHasNoChunks() throws IOException {
        List<Long> calls = new ArrayList<>();
        assertThat(stream.chunk(InputStream.nullInputStream(), (o, b, off, len) -> calls.add(o))).isZero();
        assertThat(stream.chunk(InputStream.nullInputStream(), 0, (o, b, off, len) -> calls.add(o))).isZero();
        assertThat(calls).isEmpty();
    }

    @Test
    void streamNoLongerThanMinSizeIsExactlyOneChunk() {
        for (int size : new int[] {1, 100, params.minSize()}) {
            byte[] data = TestData.random(size, size);
            List<TestData.Chunk> chunks = TestData.streamChunks(stream, new ByteArrayInputStream(data));
            assertThat(chunks).singleElement().satisfies(c -> {
                assertThat(c.offset()).isZero();
                assertThat(c.bytes()).isEqualTo(data);
            });
        }
    }

    @Test
    void largeStreamWithUnevenReadsMatchesWholeArrayChunking() {
        ChunkStream s = new ChunkStream(ChunkerParams.of(16 << 10));
        byte[] data = TestData.random(99, 3 << 20);
        List<TestData.Chunk> chunks = TestData.streamChunks(s, TestData.trickling(data, 100_000, 5));
        assertThat(chunks.stream().mapToInt(c -> c.bytes().length).toArray())
                .isEqualTo(s.chunker().chunkLengths(data, 0, data.length));
        assertThat(TestData.concat(chunks)).isEqualTo(data);
    }

    @Test
    void memoryIsOneBufferOfTwiceMaxSizeWhateverTheStreamLength() throws IOException {
        assertThat(stream.bufferSize()).isEqualTo(2 * params.maxSize());
        Set<byte[]> buffers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        long[] chunks = {0};
        InputStream big = new InputStream() { // 8 MiB, 1000 x the buffer, never materialized
            private final SplitMix64 rng = new SplitMix64(1);
            private long left = 8L << 20;

            @Override
            public int read() {
                return left-- > 0 ? (int) (rng.next() & 0xff) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) rng.next();
                }
                left -= n;
                return n;
            }
        };
        long total = stream.chunk(big, (o, b, off, len) -> {
            buffers.add(b);
            chunks[0]++;
        });
        assertThat(total).isEqualTo(8L << 20);
        assertThat(chunks[0]).isGreaterThan((8L << 20) / params.maxSize());
        assertThat(buffers).singleElement().satisfies(b -> assertThat(b).hasSize(2 * params.maxSize()));
    }

    @Test
    void knownLengthReadsExactlyThatManyBytes() throws IOException {
        byte[] data = TestData.random(3, 20_000);
        InputStream in = new ByteArrayInputStream(data);
        List<TestData.Chunk> first = new ArrayList<>();
        long n = stream.chunk(in, 12_345, (o, b, off, len) -> first.add(new TestData.Chunk(o, Arrays.copyOfRange(b, off, off + len))));
        assertThat(n).isEqualTo(12_345);
        assertThat(TestData.concat(first)).isEqualTo(Arrays.copyOf(data, 12_345));
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 12_345, data.length));
    }

    @Test
    void truncatedKnownLengthStreamFailsWithoutDeliveringTheIncompleteTail() {
        byte[] data = TestData.random(4, 10_000);
        List<TestData.Chunk> delivered = new ArrayList<>();
        assertThatThrownBy(() -> stream.chunk(new ByteArrayInputStream(data), 10_001,
                (o, b, off, len) -> delivered.add(new TestData.Chunk(o, Arrays.copyOfRange(b, off, off + len)))))
                .isInstanceOf(FormatException.class)
                .hasMessage("truncated stream: expected=10001 actual=10000");
        long deliveredBytes = delivered.stream().mapToLong(c -> c.bytes().length).sum();
        // Every delivered chunk is a chunk of the data as far as it went, and the tail that would
        // only be a chunk because the data stopped early is not delivered.
        int[] full = stream.chunker().chunkLengths(data, 0, data.length);
        assertThat(delivered.stream().mapToInt(c -> c.bytes().length).toArray())
                .isEqualTo(Arrays.copyOf(full, delivered.size()));
        assertThat(deliveredBytes).isPositive().isLessThan(10_000);
    }

    @Test
    void sinkAndSourceExceptionsPropagateUnchanged() {
        IOException boom = new IOException("disk full");
        assertThatThrownBy(() -> stream.chunk(new ByteArrayInputStream(new byte[5000]), (o, b, off, len) -> {
            throw boom;
        })).isSameAs(boom);
        IOException readFailure = new IOException("connection reset");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw readFailure;
            }
        };
        assertThatThrownBy(() -> stream.chunk(failing, (o, b, off, len) -> {})).isSameAs(readFailure);
    }

    @Test
    void rejectsNegativeLengthOtherThanUnknown() {
        assertThatThrownBy(() -> stream.chunk(InputStream.nullInputStream(), -2, (o, b, off, len) -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
    }
}
