package dev.tierpack.campaign.placement;

import dev.tierpack.campaign.CampaignTestbed;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.DirectorySink;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.placement.PlacementPolicy;
import dev.tierpack.core.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaign-level stored bytes (both tiers listed after a real campaign) on the corpus and on a generated cache with
 * channel bumps and mass rebuilds, for docs/BENCHMARKS.md "Campaign level: what the tiers hold". A measurement, not
 * part of the suite:
 *
 * <pre>bin/mvn -B -o verify -pl routes -am -Dtest=CampaignStorageBenchmark -Dtierpack.bench=storage
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true</pre>
 *
 * The generated cache is {@code GeneratorSpec(1, 40 packages, 6 bumps, mass rebuilds at 3 and 5, 40% updated per
 * bump, size scale 2.0)}, the packing benchmarks' cache (about 146 MB of NAR); hot is the closure of the newest bump
 * (a channel's current release), with and without fixed outputs hot. {@code -Dtierpack.storage.cache=DIR} uses a cache
 * {@code GenerateCache DIR} wrote before (and its channel files in {@code DIR-channels/}) instead of generating one.
 */
@EnabledIfSystemProperty(named = "tierpack.bench", matches = "storage")
class CampaignStorageBenchmark {
    @TempDir Path tmp;

    @Test
    void corpusAndGeneratedCache() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        List<String> lines = new ArrayList<>();

        Path corpus = tmp.resolve("corpus");
        CampaignTestbed.copyTree(Corpus.cache(), corpus);
        lines.add(CampaignStorage.migrate(bed, corpus, "storage-corpus",
                policy(List.of(Corpus.channelBump(6)), true), tmp.resolve("s1")).describe("corpus, bump 6 + FODs hot"));
        lines.add(CampaignStorage.migrate(bed, corpus, "storage-corpus-allcold",
                policy(List.of(Corpus.channelBump(6)), false), tmp.resolve("s2")).describe("corpus, bump 6 hot, FODs cold"));

        Path gen;
        List<Path> bumps = new ArrayList<>();
        String given = System.getProperty("tierpack.storage.cache");
        if (given != null) {
            // a cache made earlier by GenerateCache, with its channel files (GenerateCache writes them to DIR-channels)
            gen = tmp.resolve("gen");
            CampaignTestbed.copyTree(Path.of(given), gen);
            try (var files = Files.list(Path.of(given + "-channels"))) {
                files.sorted().forEach(bumps::add);
            }
        } else {
            gen = tmp.resolve("gen");
            GeneratorSpec spec = new GeneratorSpec(1, 40, 6, Set.of(3, 5), 0.4, 2.0, "bench.tierpack.dev-1");
            GeneratedCache g = new CacheGenerator(spec, SecretKey.generate(spec.keyName())).generate(new DirectorySink(gen));
            Path channels = Files.createDirectories(tmp.resolve("channels"));
            for (int i = 0; i < g.bumps().size(); i++) {
                bumps.add(Files.write(channels.resolve("bump" + (i + 1) + ".txt"), g.bumps().get(i)));
            }
            lines.add(String.format(Locale.ROOT, "generated: %d store paths, %,d NAR bytes, %,d .nar.xz bytes",
                    g.storePaths(), g.narBytes(), g.narXzBytes()));
        }
        PlacementPolicy newest = new PlacementPolicy(bumps, OptionalInt.of(1), true, Optional.empty(), 1, List.of(),
                Optional.empty());
        lines.add(CampaignStorage.migrate(bed, gen, "storage-gen", newest, tmp.resolve("s3"))
                .describe("generated, newest bump + FODs hot"));
        PlacementPolicy newestOnly = new PlacementPolicy(bumps, OptionalInt.of(1), false, Optional.empty(), 1, List.of(),
                Optional.empty());
        lines.add(CampaignStorage.migrate(bed, gen, "storage-gen-nofod", newestOnly, tmp.resolve("s4"))
                .describe("generated, newest bump hot, FODs cold"));
        lines.forEach(System.out::println);
    }

    private static PlacementPolicy policy(List<Path> roots, boolean fods) {
        return new PlacementPolicy(roots, OptionalInt.empty(), fods, Optional.empty(), 1, List.of(), Optional.empty());
    }
}
