package dev.tierpack.packer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.nix.StorePath;
import dev.tierpack.core.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageNamesTest {
    @Test
    void packageNameEndsAtTheFirstDashNotFollowedByALetter() {
        assertThat(PackageNames.packageName("python3-3.12.1")).isEqualTo("python3");
        assertThat(PackageNames.packageName("esbuild-linux-x64-0.24.2.tgz")).isEqualTo("esbuild-linux-x64");
        assertThat(PackageNames.packageName("stdenv-linux")).isEqualTo("stdenv-linux");
        assertThat(PackageNames.packageName("hello")).isEqualTo("hello");
        assertThat(PackageNames.packageName("foo-")).isEqualTo("foo-");
    }

    @Test
    void naturalOrderComparesDigitRunsAsNumbers() {
        List<String> names = new ArrayList<>(List.of("python3-3.10.13", "python3-3.9.18", "python3-3.12.1", "python3-3.8.18", "python3-3.09.1"));
        names.sort(PackageNames.naturalOrder());
        assertThat(names).containsExactly("python3-3.8.18", "python3-3.09.1", "python3-3.9.18", "python3-3.10.13", "python3-3.12.1");
    }

    @Test
    void packageOrderKeepsEachPackageOfTheCorpusTogetherInVersionOrder() {
        List<StorePath> paths = BenchCache.open(Corpus.cache(), IngestOrder.PACKAGE).entries().stream()
                .map(e -> e.info().storePath()).toList();
        assertThat(paths).hasSize(Corpus.narinfos().size());
        List<String> groups = new ArrayList<>();
        for (StorePath p : paths) {
            String g = PackageNames.packageName(p.name());
            if (groups.isEmpty() || !groups.getLast().equals(g)) {
                assertThat(groups).as("package %s appears in one run", g).doesNotContain(g);
                groups.add(g);
            }
        }
        assertThat(groups).containsExactly("esbuild", "esbuild-linux-x64", "prettier", "python3", "stdenv-linux");
        List<String> pythons = paths.stream().map(StorePath::name).filter(n -> n.startsWith("python3-")).distinct().toList();
        assertThat(pythons).containsExactly("python3-3.8.18", "python3-3.9.18", "python3-3.10.13", "python3-3.11.7", "python3-3.12.1");
        // key order is hash order
        List<String> keys = BenchCache.open(Corpus.cache(), IngestOrder.KEY).entries().stream()
                .map(e -> e.info().storePath().hashPart()).toList();
        assertThat(keys).isSorted();
    }
}
