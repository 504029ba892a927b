package dev.tierpack.manifests.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.testing.NixCli;
import dev.tierpack.manifests.ColdCorpus;
import dev.tierpack.manifests.restore.ColdRestorer;
import dev.tierpack.manifests.restore.FileRestoreLedger;
import dev.tierpack.manifests.restore.RestoreTimes;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} for cold store paths whose packs are archived ({@link ColdCorpus}, AWS archive semantics): 404 with
 * {@code X-Tierpack-Restore} by default; with restore-on-miss, a budgeted restore and 503 with {@code Retry-After}
 * until it completes; then the real Nix client copies the path and {@code nix-store --verify-path} accepts it. A
 * warm path is served at once throughout.
 */
class ColdServeTest {
    @TempDir static Path dir;
    static ColdCorpus corpus;

    @BeforeAll
    static void migrate() throws Exception {
        assertThat(NixCli.ensureInstalled()).as("nix (Debian package nix-bin)").isNull();
        corpus = ColdCorpus.shared();
    }

    @BeforeEach
    void forget() {
        corpus.forgetRestores();
    }

    private static ColdServing serving(String restoreCapUsd, boolean restoreOnMiss, String ledgerName) {
        FileRestoreLedger ledger = new FileRestoreLedger(dir.resolve(ledgerName));
        BudgetGate gate = new BudgetGate(new Budget(new BigDecimal("100"), null, new BigDecimal(restoreCapUsd)),
                ledger.tally(), corpus.clock);
        ColdRestorer restorer = new ColdRestorer(corpus.readBack(), corpus.chunkIndex, corpus.cold, PriceTable.defaults(),
                gate, ledger, "serve", corpus.clock);
        return new ColdServing(restorer, restoreOnMiss, RestoreTier.BULK, 1);
    }

    private static String hashOf(String storePath) {
        String base = storePath.substring(storePath.lastIndexOf('/') + 1);
        return base.substring(0, 32);
    }

    @Test
    void coldPathIsRefusedThenRestoredOnMissThenCopiedByNixAndVerified() throws Exception {
        String coldPath = corpus.cold().get(0);
        String warmPath = corpus.warmPaths.keySet().iterator().next();
        String hash = hashOf(coldPath);
        int calls0 = corpus.layer.restoreCalls().size();

        // default policy: 404 naming the restore status; nothing is restored
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults(), serving("1", false, "a.jsonl"))) {
            RawHttp.Response info = RawHttp.send(server.address(), "GET /" + hash + ".narinfo HTTP/1.1");
            assertThat(info.status()).isEqualTo(404);
            assertThat(info.header("X-Tierpack-Restore")).isEqualTo("archived");
            assertThat(RawHttp.send(server.address(), "GET /nar/" + hash + ".nar.zst HTTP/1.1").header("X-Tierpack-Restore"))
                    .isEqualTo("archived");
            NixCli.Result copy = NixCli.at(dir.resolve("nix-refused")).copy(server.uri(), Corpus.publicKey(), List.of(coldPath));
            assertThat(copy.status()).as(copy.output()).isNotZero();
            NixCli warm = NixCli.at(dir.resolve("nix-warm"));
            NixCli.Result warmCopy = warm.copy(server.uri(), Corpus.publicKey(), List.of(warmPath));
            assertThat(warmCopy.status()).as("a warm path is served at once: %s", warmCopy.output()).isZero();
        }
        assertThat(corpus.layer.restoreCalls()).hasSize(calls0);

        // a restore cap of 0 refuses the restore on miss
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults(), serving("0", true, "b.jsonl"))) {
            RawHttp.Response info = RawHttp.send(server.address(), "GET /" + hash + ".narinfo HTTP/1.1");
            assertThat(info.status()).isEqualTo(404);
            assertThat(info.header("X-Tierpack-Restore")).isEqualTo("refused");
        }
        assertThat(corpus.layer.restoreCalls()).hasSize(calls0);

        // restore on miss: 503 with Retry-After until the restore completes, then served and verified
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults(), serving("1", true, "c.jsonl"))) {
            RawHttp.Response info = RawHttp.send(server.address(), "GET /" + hash + ".narinfo HTTP/1.1");
            assertThat(info.status()).isEqualTo(503);
            assertThat(info.header("X-Tierpack-Restore")).isEqualTo("in-progress");
            long bulkSeconds = RestoreTimes.upperBound(dev.tierpack.core.cost.StorageClass.DEEP_ARCHIVE, RestoreTier.BULK)
                    .toSeconds();
            assertThat(Long.parseLong(info.header("Retry-After"))).isBetween(bulkSeconds - 5, bulkSeconds);
            int calls = corpus.layer.restoreCalls().size();
            assertThat(calls).as("one RestoreObject per cold pack of the path").isGreaterThan(calls0);
            assertThat(corpus.layer.restoreCalls().subList(calls0, calls))
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo(202));

            NixCli waiting = NixCli.at(dir.resolve("nix-waiting"));
            NixCli.Result early = waiting.copy(server.uri(), Corpus.publicKey(), List.of(coldPath));
            assertThat(early.status()).as(early.output()).isNotZero();
            assertThat(corpus.layer.restoreCalls()).as("requests while in progress start nothing new").hasSize(calls);

            corpus.clock.advance(corpus.layer.delay(RestoreTier.BULK).plus(Duration.ofSeconds(1)));
            NixCli nix = NixCli.at(dir.resolve("nix-restored"));
            NixCli.Result copy = nix.copy(server.uri(), Corpus.publicKey(), List.of(coldPath));
            assertThat(copy.status()).as("nix copy after the restore: %s", copy.output()).isZero();
            assertThat(nix.storeEntries()).containsAll(NixCli.baseNames(List.of(coldPath)));
            NixCli.Result verify = nix.verifyAll();
            assertThat(verify.status()).as("nix-store --verify-path: %s", verify.output()).isZero();
            assertThat(server.abortedResponses()).isZero();
        }
    }
}
