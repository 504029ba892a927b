package dev.tierpack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.campaign.ledger.LedgerRecords;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.records.RecordCodec;
import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.campaign.runtime.CrashPoints;
import dev.tierpack.core.cost.Charge;
import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.cost.Tariff;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.kafka.TopicReader;
import dev.tierpack.packer.verify.VerifyReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash bar: a campaign over the generated cache (about 900 store paths) runs in a child JVM that is killed
 * again and again — halted ({@code Runtime.halt}, no shutdown hooks) at named points of the commit protocol, and
 * SIGKILLed ({@code destroyForcibly}) at random moments — and restarted each time, with Kafka and S3 living on in
 * this JVM as real services would. At the end every store path was listed once and published exactly once, every
 * chunk is in the chunk index, a sample reassembles to its NarHash, {@code packer verify --full} finds nothing
 * (no orphan pack, no unindexed pack), the report counts each store path once, and the cost ledger holds every
 * source read exactly once (checked against the cache's files) with every entry priced as the price table says.
 */
class CampaignCrashTest {
    private static final String NAME = "crash";
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(240); // bounds a hang only; a pass takes 5-30 s

    @TempDir Path tmp;

    /** A crash at a named point: the visit number is counted per child run. */
    record Scripted(String point, int visit) {
        String spec() {
            return point + ":" + visit;
        }
    }

    @Test
    void killedAtEveryStageAndRestartedTheCampaignPublishesEveryStorePathExactlyOnce() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        Path cache = bed.cache();
        List<Path> narinfos = CampaignTestbed.narinfos(cache);
        Path state = tmp.resolve("state");
        Path report = tmp.resolve("report.json");
        List<String> command = command(bed, cache, state, report);

        List<Scripted> scripted = List.of(
                new Scripted("lister-before-commit", 3),   // during listing: a page's transaction left open
                new Scripted("lister-after-commit", 2),    // page committed, lister state not updated
                new Scripted("worker-mid-batch", 40),      // mid-pack: store paths ingested, pack not sealed
                new Scripted("after-pack-upload", 2),      // pack uploaded, no index object: an orphan
                new Scripted("after-index-object", 2),     // index object written, chunk index not published
                new Scripted("after-chunk-index", 2),      // batch's data packs durable, manifests not published
                new Scripted("before-manifest-pack", 2),   // manifests added, manifest pack not sealed
                new Scripted("worker-before-commit", 2),   // progress and offsets sent, transaction not committed
                new Scripted("worker-after-commit", 2));   // batch committed, progress view not updated
        List<String> outputs = new ArrayList<>();
        for (Scripted s : scripted) {
            ProcessBuilder pb = new ProcessBuilder(withProperty(command, CrashPoints.PROPERTY + "=" + s.spec()));
            Path log = tmp.resolve("run-" + s.point() + ".log");
            Process child = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("child ends: %s", s).isTrue();
            String out = Files.readString(log);
            assertThat(child.exitValue()).as("halted at %s:%n%s", s, tail(out)).isEqualTo(CrashPoints.HALT_STATUS);
            assertThat(out).contains("crash point reached, halting: point=" + s.point());
            outputs.add(out);
        }
        // the run after the crash between upload and index object deleted the orphan; the run after the crash
        // between index object and chunk index reused the pack
        assertThat(outputs.get(4)).containsPattern("recovered from an interrupted run: \\d+ pack\\(s\\) reused, [1-9]\\d* orphan");
        assertThat(outputs.get(5)).containsPattern("recovered from an interrupted run: [1-9]\\d* pack\\(s\\) reused");

        // Ctrl-C (SIGTERM runs the same shutdown hook as SIGINT): the run finishes the store path at hand, commits
        // what it finished and leaves nothing for the next run to recover
        List<String> graceful = stopGracefully(command);
        assertThat(String.join("\n", graceful)).contains("campaign crash: stopped")
                .doesNotContain("campaign step failed");

        SplittableRandom random = new SplittableRandom(20240601);
        for (int i = 0; i < 3; i++) {
            List<String> lines = killAtRandom(command, random);
            if (i == 0) {
                assertThat(lines).as("nothing to recover after a graceful stop")
                        .noneMatch(l -> l.contains("recovered from an interrupted run"));
            }
        }

        Process last = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("final.log").toFile()).start();
        assertThat(last.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String finalOut = Files.readString(tmp.resolve("final.log"));
        assertThat(last.exitValue()).as(tail(finalOut)).isZero();
        assertThat(finalOut).contains("campaign crash: complete");

        // every store path listed once and published exactly once
        Map<String, Integer> listed = workRecordsPerStorePath(bed);
        assertThat(listed).hasSize(narinfos.size()).allSatisfy((hash, n) -> assertThat(n).as("listed %s", hash).isEqualTo(1));
        Map<String, Integer> published = CampaignTestbed.publishedCounts(bed.progressEvents(NAME));
        assertThat(published).hasSize(narinfos.size())
                .allSatisfy((hash, n) -> assertThat(n).as("published %s", hash).isEqualTo(1));

        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("state").asText()).isEqualTo("complete");
        assertThat(r.get("storePaths").asLong()).isEqualTo(narinfos.size());
        assertThat(r.get("quarantined").asLong()).isZero();
        assertThat(r.get("narinfos").asLong()).isEqualTo(narinfos.size());

        VerifyReport verify = bed.verifyFull(NAME, state);
        assertThat(verify.findings()).as("no damage, no orphan, no unindexed pack").isEmpty();
        assertThat(r.get("objectsWritten").get("warm").asLong()).isEqualTo(2 * verify.packsWarm());
        bed.assertMigrated(NAME, cache, state, narinfos, 30);
        bed.assertCatalogued(NAME, state, narinfos);
        assertLedger(cache, narinfos, r, scripted.size() + 5);
    }

    /**
     * The ledger after all those crashes: every entry priced as the price table says, the report's total is the
     * ledger's, and the source reads it holds are exactly those of the cache, counted independently from its files:
     * every narinfo and every NAR read once (a read lost with a crashed transaction was redone and counted then, no
     * read counted twice), plus one {@code nix-cache-info} read per run at most (a run killed before its first
     * commit loses it).
     */
    private static void assertLedger(Path cache, List<Path> narinfos, JsonNode report, int runs) throws Exception {
        Tariff tariff = new Tariff(PriceTable.defaults(), StorageClass.STANDARD, StorageClass.DEEP_ARCHIVE);
        List<LedgerEntry> entries = new ArrayList<>();
        try (TopicReader reader = new TopicReader(CampaignTestbed.shared().bootstrap())) {
            reader.readToEnd(new CampaignTopics(NAME).ledger(), Map.of(),
                    rec -> entries.add(LedgerRecords.decode(rec.value(), rec.topic() + "@" + rec.offset())), true,
                    Duration.ofMinutes(1));
        }
        BigDecimal total = BigDecimal.ZERO;
        long gets = 0;
        long getBytes = 0;
        for (LedgerEntry e : entries) {
            assertThat(e.campaign()).isEqualTo(NAME);
            assertThat(e.usd()).as("priced: %s", e).isEqualByComparingTo(
                    Charge.total(tariff.request(e.role(), RequestKind.valueOf(e.kind()), e.count(), e.bytes())));
            total = total.add(e.usd());
            if (e.role() == Role.SOURCE && e.kind().equals("GET")) {
                gets += e.count();
                getBytes += e.bytes();
            }
        }
        assertThat(new BigDecimal(report.get("costUsd").get("total").asText())).isEqualByComparingTo(total).isPositive();
        long narinfoBytes = 0;
        long narBytes = 0;
        for (Path p : narinfos) {
            narinfoBytes += Files.size(p);
            narBytes += Files.size(cache.resolve(NarInfo.parse(Files.readString(p), p.getFileName().toString()).url()));
        }
        long cacheInfoReads = gets - 2L * narinfos.size();
        assertThat(cacheInfoReads).as("nix-cache-info reads besides one GET per narinfo and NAR").isBetween(0L, (long) runs);
        assertThat(getBytes).as("source GET bytes: every narinfo and NAR once")
                .isEqualTo(narinfoBytes + narBytes + cacheInfoReads * cacheInfoSize(cache));
        assertThat(report.get("requests").get("source").get("GET").asLong()).isEqualTo(gets);
        // tier writes cut short by a crash are not in the ledger (at most once, docs/COSTS.md "Ledger"): the packs a
        // crashed run uploaded and the next run reused were priced by nobody, so tier counts have no exact figure
        assertThat(report.get("requests").get("warm").path("PUT").asLong()
                + report.get("requests").get("warm").path("COMPLETE_MULTIPART").asLong()).isPositive();
    }

    private static List<String> command(CampaignTestbed bed, Path cache, Path state, Path report) {
        List<String> c = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                "dev.tierpack.cli.Main", "campaign", "run", "--state-dir", state.toString(),
                "--source", cache.toUri().toString(), "--name", NAME, "--batch-size", "25", "--pack-size", "128k",
                "--list-page-size", "100", "--max-batch-age", "1s", "--quiet", "--report-json", report.toString()));
        c.addAll(bed.serviceArgs(NAME));
        return c;
    }

    private static List<String> withProperty(List<String> command, String property) {
        List<String> c = new ArrayList<>(command);
        c.add(1, "-D" + property);
        return c;
    }

    /**
     * Starts a run and SIGKILLs it at a random moment: after a random number (1..3) of committed batches, plus a
     * random number of further log lines, so that the kill lands anywhere in the next batch or listing page.
     */
    private static List<String> killAtRandom(List<String> command, SplittableRandom random) throws Exception {
        int batches = 1 + random.nextInt(3);
        int extraLines = random.nextInt(6);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            int after = -1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                if (line.contains("batch committed")) {
                    seen++;
                }
                if (seen >= batches && after < 0) {
                    after = 0;
                } else if (after >= 0) {
                    after++;
                }
                if (after >= extraLines) {
                    child.destroyForcibly(); // SIGKILL
                    break;
                }
            }
        }
        assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed, not finished:%n%s", tail(String.join("\n", lines))).isEqualTo(137);
        return lines;
    }

    /** Starts a run and sends it SIGTERM after its first committed batch; returns its output. */
    private static List<String> stopGracefully(List<String> command) throws Exception {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            boolean sent = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                if (!sent && line.contains("batch committed")) {
                    child.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
                    sent = true;
                }
            }
        }
        assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(tail(String.join("\n", lines))).isEqualTo(143);
        return lines;
    }

    private static long cacheInfoSize(Path cache) throws java.io.IOException {
        Path p = cache.resolve("nix-cache-info");
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private static Map<String, Integer> workRecordsPerStorePath(CampaignTestbed bed) {
        Map<String, Integer> counts = new HashMap<>();
        try (TopicReader r = new TopicReader(bed.bootstrap())) {
            r.readToEnd(new CampaignTopics(NAME).work(), Map.of(), rec -> {
                WorkRecord w = RecordCodec.work(rec.value(), rec.topic() + "@" + rec.offset());
                assertThat(rec.key()).isEqualTo(w.partitionKey());
                counts.merge(w.hashPart(), 1, Integer::sum);
            }, true, Duration.ofMinutes(1));
        }
        return counts;
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }
}
