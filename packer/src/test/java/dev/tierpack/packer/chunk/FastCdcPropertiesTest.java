package dev.tierpack.packer.chunk;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of FastCDC chunking over random inputs and random valid parameters. */
class FastCdcPropertiesTest {

    /** Valid parameters with {@code avgSize = 2^bits}, bits in [lo, hi]; min and max anywhere in their legal ranges (max at most 8 x avg). */
    static Arbitrary<ChunkerParams> params(int lo, int hi) {
        return Arbitraries.integers().between(lo, hi).flatMap(bits -> {
            int avg = 1 << bits;
            return Combinators.combine(
                    Arbitraries.integers().between(ChunkerParams.MIN_MIN_SIZE, avg - 1),
                    Arbitraries.integers().between(avg + 1, Math.min(avg * 8, ChunkerParams.MAX_MAX_SIZE)),
                    Arbitraries.integers().between(0, ChunkerParams.MAX_NORMALIZATION_LEVEL))
                    .as((min, max, level) -> new ChunkerParams(min, avg, max, level));
        });
    }

    /** Inputs of several kinds: random, all zeros (only hard cuts), a short repeated pattern, and a small alphabet. */
    static Arbitrary<byte[]> inputs(int maxSize) {
        return Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.longs(),
                Arbitraries.integers().between(0, maxSize).edgeCases(c -> c.includeOnly(0, 1, 63, 64, 65, 255, 256, 257)))
                .as((kind, seed, size) -> {
                    byte[] r = TestData.random(seed, size);
                    return switch (kind) {
                        case 0 -> r;
                        case 1 -> new byte[size];
                        case 2 -> {
                            int period = 1 + (int) Long.remainderUnsigned(seed, 300);
                            byte[] p = TestData.random(seed, period);
                            byte[] out = new byte[size];
                            for (int i = 0; i < size; i++) {
                                out[i] = p[i % period];
                            }
                            yield out;
                        }
                        default -> {
                            for (int i = 0; i < size; i++) {
                                r[i] = (byte) ('a' + (r[i] & 3));
                            }
                            yield r;
                        }
                    };
                });
    }

    @Provide
    Arbitrary<ChunkerParams> smallParams() {
        return params(8, 11);
    }

    @Provide
    Arbitrary<byte[]> data() {
        return inputs(120_000);
    }

    @Property(tries = 300)
    void chunksConcatenateToTheInputWithinSizeBounds(@ForAll("smallParams") ChunkerParams p, @ForAll("data") byte[] data) {
        FastCdc cdc = new FastCdc(p);
        int[] lengths = cdc.chunkLengths(data, 0, data.length);

        assertThat(Arrays.stream(lengths).asLongStream().sum()).isEqualTo(data.length);
        if (data.length == 0) {
            assertThat(lengths).isEmpty();
        } else if (data.length <= p.minSize()) {
            assertThat(lengths).containsExactly(data.length);
        }
        for (int i = 0; i < lengths.length; i++) {
            boolean last = i == lengths.length - 1;
            assertThat(lengths[i]).as("chunk %d of %d", i, lengths.length)
                    .isBetween(last ? 1 : p.minSize(), p.maxSize());
        }
        assertThat(cdc.chunkLengths(data, 0, data.length)).as("deterministic").isEqualTo(lengths);
        assertThat(new FastCdc(p).chunkLengths(data.clone(), 0, data.length)).as("deterministic across instances").isEqualTo(lengths);
    }

    @Property(tries = 300)
    void cutEqualsTheSpecificationAndThePapersTwoByteLoop(
            @ForAll("smallParams") ChunkerParams p, @ForAll("data") byte[] data, @ForAll @IntRange(max = 1000) int skew) {
        FastCdc cdc = new FastCdc(p);
        // At every chunk start, and also at arbitrary offsets and lengths (odd/even parities of every region).
        int pos = 0;
        while (pos < data.length) {
            int fast = cdc.cut(data, pos, data.length - pos);
            assertThat(fast).as("cut at %d", pos).isEqualTo(ReferenceCuts.spec(cdc, data, pos, data.length - pos));
            assertThat(ReferenceCuts.twoBytesPerIteration(cdc, data, pos, data.length - pos)).isEqualTo(fast);
            int off = Math.min(data.length, pos + skew % 7);
            int len = Math.max(0, Math.min(data.length - off, p.avgSize() + skew));
            int expected = ReferenceCuts.spec(cdc, data, off, len);
            assertThat(cdc.cut(data, off, len)).as("cut at %d len %d", off, len).isEqualTo(expected);
            assertThat(ReferenceCuts.twoBytesPerIteration(cdc, data, off, len)).isEqualTo(expected);
            pos += fast;
        }
    }

    @Property(tries = 300)
    void cutIgnoresBytesPastMaxSize(@ForAll("smallParams") ChunkerParams p, @ForAll("data") byte[] data) {
        FastCdc cdc = new FastCdc(p);
        if (data.length > p.maxSize()) {
            int c = cdc.cut(data, 0, data.length);
            byte[] changed = data.clone();
            for (int i = p.maxSize(); i < changed.length; i++) {
                changed[i] ^= (byte) 0x5a;
            }
            assertThat(cdc.cut(changed, 0, changed.length)).isEqualTo(c);
            assertThat(cdc.cut(data, 0, p.maxSize())).isEqualTo(c);
        }
    }

    @Property(tries = 200)
    void streamingWithAnyReadSizesGivesTheWholeArrayBoundaries(
            @ForAll("smallParams") ChunkerParams p, @ForAll("data") byte[] data,
            @ForAll @IntRange(min = 1, max = 20_000) int maxRead, @ForAll long seed) throws IOException {
        FastCdc cdc = new FastCdc(p);
        int[] expected = cdc.chunkLengths(data, 0, data.length);
        ChunkStream stream = new ChunkStream(cdc);

        List<TestData.Chunk> unknownLength = TestData.streamChunks(stream, TestData.trickling(data, maxRead, seed));
        assertThat(unknownLength.stream().mapToInt(c -> c.bytes().length).toArray()).isEqualTo(expected);
        assertThat(TestData.concat(unknownLength)).isEqualTo(data);
        long offset = 0;
        for (TestData.Chunk c : unknownLength) {
            assertThat(c.offset()).isEqualTo(offset);
            offset += c.bytes().length;
        }

        // Same instance reused, this time with a known length inside a longer stream.
        byte[] withTrailer = Arrays.copyOf(data, data.length + 3);
        var in = TestData.trickling(withTrailer, maxRead, ~seed);
        int[] count = {0};
        long total = stream.chunk(in, data.length, (off, buf, o, len) -> {
            assertThat(len).isEqualTo(expected[count[0]++]);
        });
        assertThat(total).isEqualTo(data.length);
        assertThat(count[0]).isEqualTo(expected.length);
        assertThat(in.readAllBytes()).as("bytes past the declared length are not read").hasSize(3);

        assertThat(TestData.streamChunks(stream, new ByteArrayInputStream(data)).size()).isEqualTo(expected.length);
    }
}
