package dev.tierpack.packer.chunk;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunk sizes on random data: the mean stays near avgSize, and normalization narrows the spread. */
class ChunkSizeDistributionTest {
    private static final byte[] DATA = TestData.random(0xD15EA5E, 48 << 20);

    record Stats(double mean, double sd, int p10, int p50, int p90, int min, int max, double hardCuts, int count) {
        static Stats of(int[] lengths, int maxSize) {
            int[] body = Arrays.copyOf(lengths, lengths.length - 1); // the last chunk is cut by the end of data
            double mean = Arrays.stream(body).average().orElseThrow();
            double var = Arrays.stream(body).mapToDouble(l -> (l - mean) * (l - mean)).sum() / body.length;
            int[] sorted = body.clone();
            Arrays.sort(sorted);
            long hard = Arrays.stream(body).filter(l -> l == maxSize).count();
            return new Stats(mean, Math.sqrt(var), sorted[body.length / 10], sorted[body.length / 2],
                    sorted[body.length * 9 / 10], sorted[0], sorted[body.length - 1], (double) hard / body.length, body.length);
        }
    }

    private static Stats measure(ChunkerParams p) {
        int[] lengths = new FastCdc(p).chunkLengths(DATA, 0, DATA.length);
        Stats s = Stats.of(lengths, p.maxSize());
        System.out.printf(Locale.ROOT,
                "sizes %-36s n=%5d mean=%7.0f (%.2f x avg) sd=%6.0f (cv %.2f) p10=%6d p50=%6d p90=%6d min=%6d max=%6d hard-cuts=%.2f%%%n",
                p, s.count, s.mean, s.mean / p.avgSize(), s.sd, s.sd / s.mean, s.p10, s.p50, s.p90, s.min, s.max, 100 * s.hardCuts);
        assertThat(s.min).isGreaterThanOrEqualTo(p.minSize());
        assertThat(s.max).isLessThanOrEqualTo(p.maxSize());
        return s;
    }

    @Test
    void meanChunkSizeIsWithin25PercentOfTheAverage() {
        for (ChunkerParams p : new ChunkerParams[] {
                ChunkerParams.of(4 << 10), ChunkerParams.of(16 << 10), ChunkerParams.of(64 << 10),
                new ChunkerParams(4 << 10, 16 << 10, 64 << 10, 1), new ChunkerParams(4 << 10, 16 << 10, 64 << 10, 3),
                new ChunkerParams(2 << 10, 8 << 10, 64 << 10, 2), // the FastCDC paper's configuration
        }) {
            Stats s = measure(p);
            assertThat(s.mean / p.avgSize()).as("mean / avg for %s", p).isBetween(0.75, 1.25);
        }
    }

    @Test
    void higherNormalizationLevelsNarrowTheDistribution() {
        Map<Integer, Double> cv = new LinkedHashMap<>();
        for (int level = 0; level <= 3; level++) {
            Stats s = measure(new ChunkerParams(4 << 10, 16 << 10, 64 << 10, level));
            cv.put(level, s.sd / s.mean);
        }
        assertThat(cv.get(1)).isLessThan(cv.get(0));
        assertThat(cv.get(2)).isLessThan(cv.get(1));
        assertThat(cv.get(3)).isLessThan(cv.get(2));
    }
}
