package dev.tierpack.manifests.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.manifests.MigratedCorpus;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link ReadBackBenchmark} (one round by default; {@code -Dtierpack.bench.rounds=N} for the figures in
 * docs/BENCHMARKS.md) and prints its table. Every fetched NAR is checked against its NarHash; timings are reported,
 * not asserted (the machine is shared).
 */
class ReadBackBenchmarkTest {
    @Test
    void measuresTtfbAndThroughputAgainstTheXzBaseline() throws Exception {
        int rounds = Integer.getInteger("tierpack.bench.rounds", 1);
        ReadBackBenchmark.Result r = ReadBackBenchmark.run(MigratedCorpus.get(), rounds);
        System.out.println("READBACK-BENCHMARK\n" + r.report());
        for (ReadBackBenchmark.Method m : ReadBackBenchmark.Method.values()) {
            assertThat(r.best().get(m)).hasSize(r.paths().size()).doesNotContainNull();
            assertThat(r.cold().get(m)).hasSize(r.paths().size());
            assertThat(r.throughputMBps(m)).isPositive();
        }
    }
}
