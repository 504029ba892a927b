package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.manifests.ColdCorpus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tierpack restore} and {@code serve --restore-on-miss} on a migration whose cold packs are archived
 * ({@link ColdCorpus}, through the archive layer): the state directory is rebuilt from the warm tier alone
 * ({@code manifests reindex}: index objects, manifests and narinfos are warm), then restores are requested, refused by
 * the restore cap, and waited for while the layer's clock moves.
 */
class RestoreCommandTest {
    @TempDir static Path tmp;
    static ColdCorpus corpus;
    static String warmUri;
    static String coldUri;
    static Path state;

    @BeforeAll
    static void migrate() throws Exception {
        corpus = new ColdCorpus(tmp.resolve("migration"));
        Path credentials = tmp.resolve("aws-credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = " + corpus.s3.credentials().accessKey()
                + "\naws_secret_access_key = " + corpus.s3.credentials().secretKey() + "\n");
        warmUri = "s3://warm?endpoint=" + corpus.s3.endpoint() + "&credentials-file=" + credentials;
        coldUri = "s3://cold?endpoint=" + corpus.layer.endpoint() + "&credentials-file=" + credentials;
        state = tmp.resolve("state");
        CliRun reindex = CliRun.run("manifests", "reindex", "--warm", warmUri, "--state-dir", state.toString());
        assertThat(reindex.status()).as(reindex.err()).isZero();
        assertThat(reindex.out()).contains("catalog: 5 store paths (3 warm, 2 cold)");
    }

    @AfterAll
    static void stop() throws Exception {
        corpus.close();
    }

    private static CliRun restore(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("restore", "--warm", warmUri, "--cold", coldUri,
                "--state-dir", state.toString()));
        argv.addAll(List.of(args));
        return CliRun.run(argv.toArray(String[]::new));
    }

    @Test
    void restoreReportsPacksCostAndEtaThenWaitsUntilAvailable() throws Exception {
        String path = corpus.cold().get(0);
        Path ledger = RestoreBudget.ledgerFile(state);
        int before = Files.exists(ledger) ? Files.readAllLines(ledger).size() : 0;
        CliRun run = restore(path, "--tier", "standard", "--days", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains(path + ": in-progress, ", "restores: started=", "tier=standard days=2", "eta: 20");
        List<String> lines = Files.readAllLines(ledger);
        assertThat(lines).hasSize(before + 1);
        LedgerEntry e = LedgerEntry.fromJson(lines.getLast());
        assertThat(e.kind()).isEqualTo("RESTORE");
        assertThat(run.out()).contains("costUsd=" + e.usd().stripTrailingZeros().toPlainString());
        assertThat(corpus.layer.restoreCalls()).filteredOn(c -> c.tier() == RestoreTier.STANDARD).hasSize((int) e.count());

        // --wait polls HeadObject until the restores complete (the layer's clock moves, no sleeping in the test)
        CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(() ->
                restore(path, "--wait", "--poll-interval", "PT0.05S", "--wait-timeout", "PT60S"));
        corpus.clock.advance(corpus.layer.delay(RestoreTier.STANDARD).plus(Duration.ofSeconds(1)));
        CliRun waited = waiting.get(60, TimeUnit.SECONDS);
        assertThat(waited.status()).as(waited.out() + waited.err()).isZero();
        assertThat(waited.out()).contains("started=0", "available: every pack is readable");
        assertThat(Files.readAllLines(ledger)).as("nothing more was spent").hasSize(before + 1);

        // restored: the nar command reads it back (cold tier given), checked against its NarHash
        Path nar = tmp.resolve("restored.nar");
        CliRun narRun = CliRun.run("nar", path, "--output", nar.toString(), "--warm", warmUri, "--cold", coldUri,
                "--state-dir", state.toString());
        assertThat(narRun.status()).as(narRun.err()).isZero();
        assertThat(Files.size(nar)).isEqualTo(corpus.coldPaths.get(path).narSize());
    }

    @Test
    void theRestoreCapRefusesAndServeRestoresOnMiss() throws Exception {
        String path = corpus.cold().get(1);
        CliRun refused = restore(path, "--restore-cap", "0");
        assertThat(refused.status()).isEqualTo(ExitCode.PROBLEMS);
        assertThat(refused.out()).contains("restore refused: paused: budget: restore cap");

        CliRun noCold = CliRun.run("restore", path, "--warm", warmUri, "--state-dir", state.toString());
        assertThat(noCold.status()).isEqualTo(ExitCode.USAGE);
        assertThat(noCold.err()).contains("--cold");

        String hash = path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('/') + 33);
        try (ServingCli serving = ServingCli.start("--warm", warmUri, "--cold", coldUri, "--state-dir", state.toString(),
                "--restore-on-miss", "--restore-tier", "bulk");
                HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create(serving.uri + "/" + hash + ".narinfo")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("X-Tierpack-Restore")).contains("in-progress");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            corpus.clock.advance(corpus.layer.delay(RestoreTier.BULK).plus(Duration.ofSeconds(1)));
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(
                    URI.create(serving.uri + "/" + hash + ".narinfo")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("StorePath: " + path);
        }
    }
}
