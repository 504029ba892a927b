package dev.tierpack.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.testing.CorpusClosure;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden test on the shared corpus: with bump 6 as the hot channel and fixed outputs hot, the hot set is exactly the
 * closure of bump 6 (computed independently, by a plain BFS over the parsed narinfos: {@link CorpusClosure}) plus
 * every fixed output.
 */
class PlacementCorpusTest {
    @TempDir Path tmp;

    @Test
    void hotSetIsTheClosureOfBump6PlusFixedOutputs() throws Exception {
        CorpusClosure expected = CorpusClosure.ofBump(6);
        Map<String, NarInfo> infos = expected.infos();
        Set<String> closure = expected.closure();
        Set<String> fods = expected.fixedOutputs();
        Set<String> expectedHot = expected.hot();
        assertThat(closure).isNotEmpty();
        assertThat(fods).isNotEmpty();
        assertThat(infos.keySet()).as("some paths must be cold for the test to mean anything")
                .isNotEqualTo(expectedHot).containsAll(expectedHot);

        try (PlacementStore store = PlacementStore.open(tmp.resolve("placement"))) {
            List<PathFacts> facts = new ArrayList<>();
            infos.values().forEach(i -> facts.add(PathFacts.of(i, -1)));
            store.recordAll(facts);
            PlacementPolicy policy = new PlacementPolicy(List.of(Corpus.channelBump(6)), OptionalInt.empty(), true,
                    Optional.empty(), 1, List.of(), Optional.empty());
            PlacementStore.Summary summary = store.compute(policy, Clock.systemUTC());

            Set<String> hot = new HashSet<>();
            for (String h : infos.keySet()) {
                PlacementDecision d = store.decide(h);
                if (d.hot()) {
                    hot.add(h);
                }
                if (closure.contains(h)) {
                    assertThat(d.rule()).as(h).isEqualTo(PlacementRule.CHANNEL);
                    assertThat(d.detail()).contains("bump6.txt");
                } else if (fods.contains(h)) {
                    assertThat(d.rule()).as(h).isEqualTo(PlacementRule.FIXED_OUTPUT);
                } else {
                    assertThat(d.rule()).as(h).isEqualTo(PlacementRule.DEFAULT_COLD);
                    assertThat(d.tier()).isEqualTo(PlacementTier.COLD);
                }
            }
            assertThat(hot).isEqualTo(expectedHot);
            assertThat(summary.known()).isEqualTo(infos.size());
            assertThat(summary.hotTotal()).isEqualTo(expectedHot.size());
        }
    }
}
