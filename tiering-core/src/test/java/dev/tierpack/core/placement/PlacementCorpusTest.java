package dev.tierpack.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.core.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
 * closure of bump 6 (computed here independently, by a plain BFS over the parsed narinfos) plus every fixed output.
 */
class PlacementCorpusTest {
    @TempDir Path tmp;

    @Test
    void hotSetIsTheClosureOfBump6PlusFixedOutputs() throws Exception {
        Map<String, NarInfo> infos = new HashMap<>();
        for (Path p : Corpus.narinfos()) {
            NarInfo info = NarInfo.parse(Files.readString(p), p.getFileName().toString());
            infos.put(info.storePath().hashPart(), info);
        }
        Set<String> closure = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String line : Files.readAllLines(Corpus.channelBump(6))) {
            if (!line.isBlank()) {
                todo.add(StorePath.parse(line.strip()).hashPart());
            }
        }
        while (!todo.isEmpty()) {
            String h = todo.poll();
            if (closure.add(h) && infos.containsKey(h)) {
                infos.get(h).references().forEach(r -> todo.add(r.hashPart()));
            }
        }
        Set<String> fods = new HashSet<>();
        infos.forEach((h, i) -> {
            if (i.references().isEmpty() || i.ca().filter(ca -> ca.startsWith("fixed:")).isPresent()) {
                fods.add(h);
            }
        });
        Set<String> expectedHot = new HashSet<>(closure);
        expectedHot.addAll(fods);
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
