package dev.tierpack.manifests.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.tier.RestoreStatus;
import dev.tierpack.manifests.ColdCorpus;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.read.Digests;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyStats;
import dev.tierpack.packer.format.TierCode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore workflow on a two-tier migration whose cold packs are archived ({@link ColdCorpus}): which packs a
 * cold store path needs, what restoring them costs (from the price table and the packs' measured sizes), the
 * restore cap, RestoreObject requests, ETA, polling, and the store path read back after the restore.
 */
class ColdRestorerTest {
    @TempDir static Path dir;
    static ColdCorpus corpus;

    @BeforeAll
    static void migrate() throws Exception {
        corpus = ColdCorpus.shared();
    }

    @BeforeEach
    void forget() {
        corpus.forgetRestores();
    }

    private static ColdRestorer restorer(BigDecimal restoreCap, RestoreLedger ledger, FileRestoreLedger tallySource) {
        Budget budget = new Budget(new BigDecimal("1000"), null, restoreCap);
        BudgetGate gate = new BudgetGate(budget, tallySource.tally(), corpus.clock);
        return new ColdRestorer(corpus.readBack(), corpus.chunkIndex, corpus.cold, PriceTable.defaults(), gate, ledger,
                "test", corpus.clock);
    }

    /** The restore cost from first principles: each pack's stored size at the DEEP_ARCHIVE Bulk price. */
    private static BigDecimal expectedCost(List<String> packs, RestoreTier tier) {
        var price = PriceTable.defaults().of(StorageClass.DEEP_ARCHIVE).restore().get(tier);
        BigDecimal sum = BigDecimal.ZERO;
        for (String p : packs) {
            sum = sum.add(price.cost(1, corpus.cold.stat(p).orElseThrow().size()));
        }
        return Money.round(sum);
    }

    @Test
    void coldPathIsRestoredWithinBudgetThenReadsBackAgainstItsNarHash() throws Exception {
        FileRestoreLedger ledger = new FileRestoreLedger(dir.resolve("ledger-a/restores.jsonl"));
        String path = corpus.cold().get(0);
        NarInfo info = corpus.coldPaths.get(path);
        ColdRestorer r = restorer(new BigDecimal("10"), ledger, ledger);

        ColdRestorer.PathNeeds needs = r.plan(List.of(path)).getFirst();
        assertThat(needs.entry().placement()).isEqualTo(TierCode.COLD);
        assertThat(needs.packs()).as("a 2 MB tarball in 512 KiB packs").hasSizeGreaterThan(1)
                .allSatisfy(k -> assertThat(corpus.cold.stat(k)).isPresent());
        Map<String, RestoreStatus> before = r.statuses(needs.packs());
        assertThat(ColdRestorer.overall(before.values())).isEqualTo(RestoreStatus.State.ARCHIVED);

        ReadBack readBack = corpus.readBack();
        CatalogEntry entry = needs.entry();
        assertThatThrownBy(() -> readBack.writeNar(entry, new Digests.Sink(), new ReassemblyStats()))
                .isInstanceOf(dev.tierpack.manifests.read.RestoreRequiredException.class)
                .hasMessageContaining("storePath=" + path)
                .satisfies(t -> assertThat(tierFailure(t).code()).isEqualTo("InvalidObjectState"));

        Instant requestedAt = corpus.clock.instant();
        int callsBefore = corpus.layer.restoreCalls().size();
        ColdRestorer.Outcome out = r.restore(needs.packs(), RestoreTier.BULK, 3);
        assertThat(out.wasRefused()).isFalse();
        assertThat(out.started()).containsExactlyElementsOf(needs.packs());
        long bytes = needs.packs().stream().mapToLong(k -> corpus.cold.stat(k).orElseThrow().size()).sum();
        assertThat(out.restoredBytes()).isEqualTo(bytes);
        assertThat(out.costUsd()).isEqualByComparingTo(expectedCost(needs.packs(), RestoreTier.BULK)).isPositive();
        assertThat(out.eta()).contains(requestedAt.plus(RestoreTimes.upperBound(StorageClass.DEEP_ARCHIVE, RestoreTier.BULK)));
        assertThat(corpus.layer.restoreCalls().subList(callsBefore, corpus.layer.restoreCalls().size()))
                .hasSize(needs.packs().size())
                .allSatisfy(c -> {
                    assertThat(c.tier()).isEqualTo(RestoreTier.BULK);
                    assertThat(c.days()).isEqualTo(3);
                    assertThat(c.status()).isEqualTo(202);
                });
        // the ledger has the cost, durably: a new ledger over the same file sees it
        List<String> lines = Files.readAllLines(ledger.file());
        assertThat(lines).hasSize(1);
        LedgerEntry e = LedgerEntry.fromJson(lines.getFirst());
        assertThat(e.kind()).isEqualTo("RESTORE");
        assertThat(e.count()).isEqualTo(needs.packs().size());
        assertThat(e.bytes()).isEqualTo(bytes);
        assertThat(e.usd()).isEqualByComparingTo(out.costUsd());
        assertThat(new FileRestoreLedger(ledger.file()).tally().total()).isEqualByComparingTo(out.costUsd());

        // asking again costs nothing: the restores are running
        ColdRestorer.Outcome again = r.restore(needs.packs(), RestoreTier.BULK, 3);
        assertThat(again.started()).isEmpty();
        assertThat(again.alreadyInProgress()).containsExactlyElementsOf(needs.packs());
        assertThat(again.costUsd()).isZero();
        assertThat(Files.readAllLines(ledger.file())).hasSize(1);

        corpus.clock.advance(corpus.layer.delay(RestoreTier.BULK).minus(Duration.ofMinutes(1)));
        assertThat(ColdRestorer.overall(r.statuses(needs.packs()).values())).isEqualTo(RestoreStatus.State.IN_PROGRESS);
        corpus.clock.advance(Duration.ofMinutes(1));
        Map<String, RestoreStatus> after = r.statuses(needs.packs());
        assertThat(ColdRestorer.overall(after.values())).isEqualTo(RestoreStatus.State.AVAILABLE);
        assertThat(after.values()).allSatisfy(s -> assertThat(s.availableUntil()).isAfter(corpus.clock.instant()
                .plus(Duration.ofDays(3))));

        Digests.Sink nar = new Digests.Sink();
        readBack.writeNar(entry, nar, new ReassemblyStats()); // checks NarHash as it streams
        assertThat(nar.count()).isEqualTo(info.narSize());
        assertThat(nar.digest()).isEqualTo(info.narHash().bytes());
    }

    private static TierException tierFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TierException x) {
                return x;
            }
        }
        throw new AssertionError("no TierException in the cause chain", t);
    }

    @Test
    void aRestoreAboveTheRestoreCapIsRefusedAndNothingIsRequested() throws Exception {
        FileRestoreLedger ledger = new FileRestoreLedger(dir.resolve("ledger-b/restores.jsonl"));
        String path = corpus.cold().get(1);
        ColdRestorer probe = restorer(null, ledger, ledger);
        // a pack may also hold the end of the other cold path, restored by another test: count what is archived
        List<String> packs = probe.plan(List.of(path)).getFirst().packs().stream()
                .filter(k -> corpus.layer.status("cold", k).state() == RestoreStatus.State.ARCHIVED).toList();
        assertThat(packs).isNotEmpty();
        BigDecimal cost = expectedCost(packs, RestoreTier.STANDARD);
        assertThat(probe.cost(probe.statuses(packs).values(), RestoreTier.STANDARD)).isEqualByComparingTo(cost);

        int callsBefore = corpus.layer.restoreCalls().size();
        ColdRestorer capped = restorer(cost.divide(BigDecimal.TWO), ledger, ledger);
        ColdRestorer.Outcome out = capped.restore(packs, RestoreTier.STANDARD, 1);
        assertThat(out.wasRefused()).isTrue();
        assertThat(out.refused().orElseThrow().reason()).isEqualTo(BudgetGate.Reason.RESTORE_CAP);
        assertThat(out.refused().orElseThrow().message()).contains("restore cap");
        assertThat(out.started()).isEmpty();
        assertThat(corpus.layer.restoreCalls()).hasSize(callsBefore);
        assertThat(Files.exists(ledger.file())).isFalse();
        assertThat(ColdRestorer.overall(capped.statuses(packs).values())).isEqualTo(RestoreStatus.State.ARCHIVED);
    }

    @Test
    void warmPathsNeedNothingAndUnknownPathsAndUnofferedTiersAreRefused() throws Exception {
        FileRestoreLedger ledger = new FileRestoreLedger(dir.resolve("ledger-c/restores.jsonl"));
        ColdRestorer r = restorer(new BigDecimal("10"), ledger, ledger);
        String warmPath = corpus.warmPaths.keySet().iterator().next();
        assertThat(r.plan(List.of(warmPath)).getFirst().packs()).isEmpty();
        assertThatThrownBy(() -> r.plan(List.of("/nix/store/00000000000000000000000000000000-nothing")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storePath=");
        List<String> packs = r.plan(List.of(corpus.cold().get(1))).getFirst().packs();
        assertThatThrownBy(() -> r.restore(packs, RestoreTier.EXPEDITED, 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DEEP_ARCHIVE").hasMessageContaining("EXPEDITED");
    }
}
