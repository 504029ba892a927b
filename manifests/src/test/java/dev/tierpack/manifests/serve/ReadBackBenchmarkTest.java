package dev.tierpack.manifests.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.manifests.MigratedCorpus;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link ReadBackBenchmark} and prints its table: by default one round over six store paths (a smoke run that
 * keeps the suite fast); with {@code -Dtierpack.bench.rounds=N}, N rounds over the whole corpus (the figures in
 * docs/BENCHMARKS.md). Every fetched NAR is checked against its NarHash; timings are reported, not asserted (the
 * machine is shared).
 */
class ReadBackBenchmarkTest {
    @Test
    void measuresTtfbAndThroughputAgainstTheXzBaseline() throws Exception {
        Integer rounds = Integer.getInteger("tierpack.bench.rounds");
        MigratedCorpus corpus = MigratedCorpus.get();
        java.util.List<dev.tierpack.core.nix.NarInfo> paths = rounds != null ? corpus.infos()
                : corpus.infos().stream().sorted(java.util.Comparator.comparingLong(dev.tierpack.core.nix.NarInfo::narSize))
                        .limit(6).toList();
        ReadBackBenchmark.Result r = ReadBackBenchmark.run(corpus, paths, rounds != null ? rounds : 1);
        System.out.println("READBACK-BENCHMARK\n" + r.report());
        for (ReadBackBenchmark.Method m : ReadBackBenchmark.Method.values()) {
            assertThat(r.best().get(m)).hasSize(r.paths().size()).doesNotContainNull();
            assertThat(r.cold().get(m)).hasSize(r.paths().size());
            assertThat(r.throughputMBps(m)).isPositive();
        }
    }
}
