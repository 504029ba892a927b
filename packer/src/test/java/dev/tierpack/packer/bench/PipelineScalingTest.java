package dev.tierpack.packer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.DirectorySink;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.packer.format.TierCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run of the pipeline benchmark on a tiny cache: every row measured, every row packs the same NARs. */
class PipelineScalingTest {
    @TempDir Path tmp;

    @Test
    void measuresOneAndTwoThreadsAgainstXzOnTheSameBytes() throws Exception {
        var spec = GenerateCache.spec(7, 4, 0.3);
        GeneratedCache g = new CacheGenerator(spec, SecretKey.generate(spec.keyName()))
                .generate(new DirectorySink(tmp.resolve("cache")));

        PipelineScaling.Result r = PipelineScaling.run(tmp.resolve("cache"), tmp.resolve("work"), 2, TierCode.COLD, 2, null);

        assertThat(r.storePaths()).isEqualTo(g.storePaths());
        assertThat(r.narBytes()).isEqualTo(g.narBytes());
        assertThat(r.rows()).extracting(PipelineScaling.Row::threads).containsExactly(1, 2);
        for (PipelineScaling.Row row : r.rows()) {
            assertThat(row.xzSeconds()).isPositive();
            assertThat(row.xzCpu()).isPositive();
            assertThat(row.serverCpu()).isPositive(); // the child S3 server received the uploads
            assertThat(row.ingestCpuRatio()).isGreaterThanOrEqualTo(row.workerCpuRatio());
            assertThat(row.workerCpuRatio()).isGreaterThan(row.allCpuRatio());
            assertThat(row.pipelineSeconds()).isPositive();
            assertThat(row.pipelineCpu()).isPositive();
            assertThat(row.ingestCpu()).isPositive().isLessThanOrEqualTo(row.pipelineCpu() * 1.01);
            assertThat(row.ingestUserCpu()).isPositive().isLessThanOrEqualTo(row.ingestCpu() * 1.01 + 0.02);
            assertThat(row.storedBytes()).isPositive().isLessThan(g.narBytes());
            assertThat(row.jitSeconds()).isGreaterThanOrEqualTo(0).isLessThan(row.pipelineSeconds() * 4);
        }
        assertThat(r.scaling(r.rows().getFirst())).isEqualTo(1.0);
        assertThat(r.report()).contains("pipeline / xz -dc", "cold", "xz / ingest", "xz / (worker + server)",
                "best of 2 interleaved round(s)", "worker JVM CPU s (JIT)", "zstd level 3 with long-distance matching", "% of the");
    }

    @Test
    void theBestOfTwoRoundsIsTheLeastTimeOfEachFigure() {
        var a = new PipelineScaling.Row(1, 100, 2.0, 1.5, 3.0, 2.5, 0.4, 2.2, 2.0, 50, 0.3);
        var b = new PipelineScaling.Row(1, 100, 1.8, 1.6, 3.2, 2.4, 0.5, 2.3, 1.9, 50, 0.2);
        assertThat(a.best(b)).isEqualTo(new PipelineScaling.Row(1, 100, 1.8, 1.5, 3.0, 2.4, 0.4, 2.2, 1.9, 50, 0.2));
        assertThat(a.best(new PipelineScaling.Row(1, 100, 1, 1, 1, 1, -1, 1, 1, 50, 0)).serverCpu()).isEqualTo(-1);
    }
}
