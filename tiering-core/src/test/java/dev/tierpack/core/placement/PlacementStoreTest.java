package dev.tierpack.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The placement rules on a small hand-made graph: precedence, closures, channels, pins, access log, age. */
class PlacementStoreTest {
    // nix32 hash parts (32 characters of 0-9 a-z without e o t u)
    static final String APP = "a".repeat(32);
    static final String LIB = "b".repeat(32);
    static final String LIBC = "c".repeat(32);
    static final String SRC = "d".repeat(32);
    static final String OLD = "f".repeat(32);
    static final String OLDLIB = "g".repeat(32);
    static final String TOOL = "h".repeat(32);
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir Path tmp;
    PlacementStore store;

    @BeforeEach
    void open() {
        store = PlacementStore.open(tmp.resolve("placement"));
        long day = Duration.ofDays(1).toMillis();
        store.recordAll(List.of(
                new PathFacts(APP, "app-2.0", List.of(LIB), false, NOW.toEpochMilli() - 100 * day),
                new PathFacts(LIB, "lib-1.1", List.of(LIBC), false, -1),
                new PathFacts(LIBC, "libc-2.40", List.of(), false, -1),
                new PathFacts(SRC, "app-2.0.tar.gz", List.of(), true, -1),
                new PathFacts(OLD, "app-1.0", List.of(OLDLIB), false, NOW.toEpochMilli() - 400 * day),
                new PathFacts(OLDLIB, "oldlib-0.9", List.of(LIBC), false, -1),
                new PathFacts(TOOL, "tool-3.1", List.of(LIBC), false, NOW.toEpochMilli() - 2 * day)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static PlacementPolicy policy(List<Path> roots, OptionalInt newest, boolean fods, Optional<Path> log, long minHits,
            List<String> pins, Optional<Duration> age) {
        return new PlacementPolicy(roots, newest, fods, log, minHits, pins, age);
    }

    Path bump(String channel, int n, String... storePaths) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(channel));
        return Files.writeString(dir.resolve("bump" + n + ".txt"), String.join("\n", storePaths) + "\n");
    }

    @Test
    void decidingBeforeComputingIsAnErrorAndAnInactivePolicyKeepsEverythingWarm() {
        assertThatThrownBy(() -> store.decide(APP)).isInstanceOf(PlacementStoreException.class)
                .hasMessageContaining("not computed");
        store.compute(PlacementPolicy.none(), CLOCK);
        assertThat(store.decide(OLD).rule()).isEqualTo(PlacementRule.NO_POLICY);
        assertThat(store.decide(OLD).tier()).isEqualTo(PlacementTier.WARM);
    }

    @Test
    void channelRootsMakeTheirClosureHotAndOnlyTheNewestBumpsCount() throws Exception {
        Path b1 = bump("chan", 1, "/nix/store/" + OLD + "-app-1.0");
        Path b2 = bump("chan", 2, "/nix/store/" + APP + "-app-2.0");
        store.compute(policy(List.of(b2, b1), OptionalInt.of(1), false, Optional.empty(), 1, List.of(), Optional.empty()), CLOCK);
        for (String h : List.of(APP, LIB, LIBC)) {
            PlacementDecision d = store.decide(h);
            assertThat(d.rule()).isEqualTo(PlacementRule.CHANNEL);
            assertThat(d.root()).isEqualTo(APP);
            assertThat(d.detail()).isEqualTo("channel bump bump2.txt");
        }
        assertThat(store.decide(OLD).rule()).isEqualTo(PlacementRule.DEFAULT_COLD);
        assertThat(store.decide(OLDLIB).tier()).isEqualTo(PlacementTier.COLD);
        assertThat(store.decide(SRC).tier()).as("fixed outputs not hot in this policy").isEqualTo(PlacementTier.COLD);

        // without hotNewestBumps every listed bump is hot
        PlacementStore.Summary all = store.compute(policy(List.of(b1, b2), OptionalInt.empty(), false, Optional.empty(), 1,
                List.of(), Optional.empty()), CLOCK);
        assertThat(store.decide(OLDLIB).rule()).isEqualTo(PlacementRule.CHANNEL);
        assertThat(all.hot()).containsEntry(PlacementRule.CHANNEL, 5L);
    }

    @Test
    void pinsComeFirstAndPinTheirClosureByNamePatternHashOrStorePath() throws Exception {
        Path b2 = bump("chan", 2, "/nix/store/" + APP + "-app-2.0");
        store.compute(policy(List.of(b2), OptionalInt.empty(), true, Optional.empty(), 1,
                List.of("oldlib-*", TOOL), Optional.empty()), CLOCK);
        assertThat(store.decide(OLDLIB).rule()).isEqualTo(PlacementRule.PIN);
        assertThat(store.decide(OLDLIB).detail()).isEqualTo("pinned oldlib-*");
        assertThat(store.decide(TOOL).rule()).isEqualTo(PlacementRule.PIN);
        assertThat(store.decide(LIBC).rule()).as("first rule to reach a path decides").isEqualTo(PlacementRule.PIN);
        assertThat(store.decide(APP).rule()).isEqualTo(PlacementRule.CHANNEL);
        assertThat(store.decide(SRC).rule()).isEqualTo(PlacementRule.FIXED_OUTPUT);
        assertThat(store.decide(OLD).rule()).isEqualTo(PlacementRule.DEFAULT_COLD);
        assertThat(store.decide(OLD).describe()).isEqualTo("cold by DEFAULT_COLD: no hot rule matched");
    }

    @Test
    void accessLogHitsAddUpPerHashAndReachTheThreshold() throws Exception {
        Path log = Files.writeString(tmp.resolve("hits.csv"), "hash,hits,time\n"
                + OLD + ",2,2026-11-30T00:00:00Z\n"
                + "/nix/store/" + OLD + "-app-1.0,1\n"
                + TOOL + ".narinfo,2\n");
        PlacementStore.Summary s = store.compute(policy(List.of(), OptionalInt.empty(), false, Optional.of(log), 3,
                List.of(), Optional.empty()), CLOCK);
        assertThat(store.decide(OLD).rule()).isEqualTo(PlacementRule.ACCESS);
        assertThat(store.decide(OLD).detail()).isEqualTo("3 hits in hits.csv");
        assertThat(store.decide(OLDLIB).rule()).isEqualTo(PlacementRule.ACCESS);
        assertThat(store.decide(OLDLIB).root()).isEqualTo(OLD);
        assertThat(store.decide(TOOL).rule()).as("2 hits < 3").isEqualTo(PlacementRule.DEFAULT_COLD);
        assertThat(s.hot()).containsEntry(PlacementRule.ACCESS, 3L);
    }

    @Test
    void recentPathsAreHotByAgeAndPathsOfUnknownAgeAreNot() {
        store.compute(policy(List.of(), OptionalInt.empty(), false, Optional.empty(), 1, List.of(),
                Optional.of(Duration.ofDays(30))), CLOCK);
        assertThat(store.decide(TOOL).rule()).isEqualTo(PlacementRule.AGE);
        assertThat(store.decide(LIBC).rule()).isEqualTo(PlacementRule.AGE);
        assertThat(store.decide(APP).rule()).isEqualTo(PlacementRule.DEFAULT_COLD);
        assertThat(store.decide(LIB).rule()).isEqualTo(PlacementRule.DEFAULT_COLD);
    }

    @Test
    void badInputsNameTheFileAndLine() throws Exception {
        Path log = Files.writeString(tmp.resolve("bad.csv"), OLD + ",2\n" + OLD + ",many\n");
        assertThatThrownBy(() -> store.compute(policy(List.of(), OptionalInt.empty(), false, Optional.of(log), 1,
                List.of(), Optional.empty()), CLOCK)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("line=2");
        Path roots = Files.writeString(tmp.resolve("roots1.txt"), "not-a-store-path\n");
        assertThatThrownBy(() -> store.compute(policy(List.of(roots), OptionalInt.empty(), false, Optional.empty(), 1,
                List.of(), Optional.empty()), CLOCK)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("roots1.txt").hasMessageContaining("line=1");
        assertThatThrownBy(() -> policy(List.of(), OptionalInt.empty(), false, Optional.empty(), 1, List.of("a/b"),
                Optional.empty())).isInstanceOf(ConfigException.class).hasMessageContaining("pins[0]");
    }

    @Test
    void factsRoundTripThroughTheStore() {
        PathFacts f = store.facts(APP).orElseThrow();
        assertThat(f.name()).isEqualTo("app-2.0");
        assertThat(f.references()).containsExactly(LIB);
        assertThat(store.facts(SRC).orElseThrow().fixedOutput()).isTrue();
        assertThat(store.facts("j".repeat(32))).isEmpty();
    }
}
