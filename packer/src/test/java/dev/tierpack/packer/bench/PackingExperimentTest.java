package dev.tierpack.packer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.DirectorySink;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackingExperimentTest {
    @TempDir static Path dir;
    static Path cacheDir;
    static GeneratedCache generated;

    @BeforeAll
    static void generate() throws IOException {
        SecretKey key = SecretKey.generate("bench-test-1");
        cacheDir = dir.resolve("cache");
        generated = new CacheGenerator(new GeneratorSpec(3, 8, 3, Set.of(3), 0.5, 0.2, key.name()), key)
                .generate(new DirectorySink(cacheDir));
    }

    @Test
    void aSweepStoresExactlyWhatOneRealPassStores() throws IOException {
        ChunkerParams chunker = ChunkerParams.of(8 << 10);
        List<PackingExperiment.Settings> settings = List.of(
                new PackingExperiment.Settings(chunker, IngestOrder.PACKAGE, 64 << 10, SegmentCompression.zstd(3)),
                new PackingExperiment.Settings(chunker, IngestOrder.PACKAGE, 1 << 20, SegmentCompression.zstdLong(6, 27)),
                new PackingExperiment.Settings(ChunkerParams.of(16 << 10), IngestOrder.KEY, 1 << 20, SegmentCompression.none()));
        List<PackingExperiment.Result> seen = new ArrayList<>();
        List<PackingExperiment.Result> swept = PackingExperiment.sweep(cacheDir, settings,
                PackingExperiment.Options.quiet(1), dir, seen::add);
        assertThat(swept).hasSize(3).containsExactlyInAnyOrderElementsOf(seen);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("tierpack-chunks"))).isEmpty();
        }
        for (int i = 0; i < settings.size(); i++) {
            PackingExperiment.Result s = swept.get(i);
            PackingExperiment.Result r = PackingExperiment.run(cacheDir, settings.get(i), PackingExperiment.Options.quiet(1));
            assertThat(s.settings()).isEqualTo(settings.get(i));
            assertThat(s.uniqueChunks()).isEqualTo(r.uniqueChunks());
            assertThat(s.uniqueBytes()).isEqualTo(r.uniqueBytes());
            assertThat(s.segments()).isEqualTo(r.segments());
            assertThat(s.packBytes()).isEqualTo(r.packBytes());
            assertThat(s.indexBytes()).isEqualTo(r.indexBytes());
            assertThat(s.readAmplification()).isEqualTo(r.readAmplification());
            // what the cache holds, independent of the settings
            assertThat(r.storePaths()).isEqualTo(generated.storePaths());
            assertThat(r.narBytes()).isEqualTo(generated.narBytes());
            assertThat(r.sourceBytes()).isEqualTo(generated.narXzBytes());
            assertThat(r.uniqueBytes()).isLessThan(r.fileBytes()).isPositive();
            assertThat(r.manifestBytes()).isEqualTo(40 * r.chunkReferences() + 100 * r.entries() + r.narinfoBytes());
            assertThat(r.storedBytes()).isEqualTo(r.packBytes() + r.indexBytes() + r.manifestBytes());
            assertThat(r.xz().cpuNanos()).isPositive();
            assertThat(r.pipelineRatio()).isPositive();
        }
        // uncompressed segments store at least the unique bytes; zstd stores less
        assertThat(swept.get(2).packBytes()).isGreaterThan(swept.get(2).uniqueBytes());
        assertThat(swept.get(0).packBytes()).isLessThan(swept.get(0).uniqueBytes());
        // bigger segments with a higher level store less, and a chunk read fetches more
        assertThat(swept.get(1).packBytes()).isLessThan(swept.get(0).packBytes());
        assertThat(swept.get(1).readAmplification().bytesPerByte()).isGreaterThan(swept.get(0).readAmplification().bytesPerByte());
    }

    @Test
    void compressionNamesRoundTrip() {
        for (SegmentCompression c : List.of(SegmentCompression.none(), SegmentCompression.zstd(3), SegmentCompression.zstd(-5),
                SegmentCompression.zstdLong(19, 27), new SegmentCompression(Codec.ZSTD, 9, 24, false))) {
            assertThat(CompressionNames.parse(CompressionNames.describe(c))).isEqualTo(c);
        }
        assertThat(CompressionNames.describe(SegmentCompression.zstdLong(3, 27))).isEqualTo("zstd-3-long27");
        assertThatThrownBy(() -> CompressionNames.parse("zstd-99"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("value=zstd-99");
        assertThatThrownBy(() -> CompressionNames.parse("gzip"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("value=gzip");
    }

    @Test
    void xzBaselineFailsOnACorruptFile() throws IOException {
        Path bad = dir.resolve("bad.nar.xz");
        Files.write(bad, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2, 3});
        assertThatThrownBy(() -> XzBaseline.cli(List.of(bad)))
                .isInstanceOf(SourceException.class).hasMessageContaining("xz -dc failed");
    }
}
