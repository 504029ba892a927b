package dev.tierpack.loadbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.campaign.runtime.StateDir;
import dev.tierpack.cli.Main;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.gen.ScaleSpec;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.core.tier.Tiers;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.verify.TierAudit;
import dev.tierpack.packer.verify.VerifyLevel;
import dev.tierpack.packer.verify.VerifyReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One measured run in its own JVM (started by {@link LoadHarness}), so that its peak RSS is its own. Prints one line
 * {@value #RESULT_PREFIX}{@code <json of RunResult>} on stdout; anything else it prints is not part of the result.
 *
 * <pre>
 * LoadChild narinfo OBJECTS BOOTSTRAP CAMPAIGN SIGNED PAGE_SIZE CONCURRENCY
 * LoadChild full    OBJECTS SOURCE_DIR STATE_DIR BOOTSTRAP CAMPAIGN TIER_ENDPOINT CREDENTIALS_FILE WARM_BUCKET COLD_BUCKET PACK_SIZE BATCH_SIZE
 * LoadChild verify  OBJECTS STATE_DIR TIER_ENDPOINT CREDENTIALS_FILE WARM_BUCKET COLD_BUCKET CONCURRENCY
 * </pre>
 * The S3 server holding the tiers and the Kafka broker run in the parent ({@link LoadHarness}), so the figures are the
 * worker's own. A full run is {@code campaign run} against them and closes batches after 2 s instead of the default
 * 30 s, so that at small sizes the last partial batch does not wait for its age limit (which would measure the
 * timer, not the ingest). A verify run is what {@code packer verify --full} runs ({@link TierAudit} at
 * {@link VerifyLevel#FULL} with the state dir's chunk index), on the parent's S3 server instead of an embedded one.
 * Every run also reports its {@link MemoryProbe} figures.
 */
public final class LoadChild {
    public static final String RESULT_PREFIX = "TIERPACK-LOAD-RESULT ";
    static final ObjectMapper JSON = new ObjectMapper();

    private LoadChild() {}

    public static void main(String[] args) throws Exception {
        RunResult r = run(args);
        System.out.println(RESULT_PREFIX + JSON.writeValueAsString(r));
        System.out.flush();
        System.exit(0);
    }

    static RunResult run(String[] a) throws IOException {
        if (a.length < 2) {
            throw new ConfigException("usage: LoadChild SCENARIO OBJECTS ...", "args", String.join(" ", a));
        }
        Scenario s = Scenario.valueOf(a[0].toUpperCase(java.util.Locale.ROOT));
        long objects = Long.parseLong(a[1]);
        try (MemoryProbe probe = MemoryProbe.start()) {
            RunResult r = switch (s) {
                case NARINFO -> new NarinfoIngest(a[2], ScaleSpec.nixpkgsLike(42, objects), Boolean.parseBoolean(a[4]),
                        Integer.parseInt(a[5]), Integer.parseInt(a[6])).run(a[3]);
                case FULL -> cli(s, objects, Path.of(a[3]), "campaign", "run", "--source", Path.of(a[2]).toUri().toString(),
                        "--state-dir", a[3], "--kafka-bootstrap", a[4], "--name", a[5], "--tier-endpoint", a[6],
                        "--tier-credentials-file", a[7], "--warm-bucket", a[8], "--cold-bucket", a[9], "--pack-size", a[10], "--batch-size", a[11],
                        "--max-batch-age", "2s", "--quiet", "--report-json", Path.of(a[3], "full-report.json").toString());
                case VERIFY -> verify(objects, Path.of(a[2]), URI.create(a[3]), Path.of(a[4]), a[5], a[6], Integer.parseInt(a[7]));
            };
            // after the peak RSS was read: the probe's full collection must not count
            return r.withMemory(probe.finish());
        }
    }

    /** {@code packer verify --full}'s audit on the parent's S3 server; fails unless it is clean. */
    private static RunResult verify(long objects, Path stateDir, URI endpoint, Path credentials, String warmBucket,
            String coldBucket, int concurrency) throws IOException {
        TierCredentials creds = new TierCredentials.KeyFile(credentials);
        long cpu0 = ProcessMeter.cpuNanos();
        long t0 = System.nanoTime();
        VerifyReport report;
        try (Tier warm = Tiers.open(new TierSpec.S3("warm", warmBucket, null, "us-east-1", endpoint, null, creds));
                Tier cold = Tiers.open(new TierSpec.S3("cold", coldBucket, null, "us-east-1", endpoint, "DEEP_ARCHIVE", creds));
                ChunkIndex index = ChunkIndex.open(new StateDir(stateDir).chunkIndex())) {
            report = new TierAudit(warm, cold, index, new TierAudit.Options(VerifyLevel.FULL, 0, 1, concurrency)).run();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (ProcessMeter.cpuNanos() - cpu0) / 1e9;
        if (!report.ok() || report.packsRead() == 0) {
            throw new IntegrityException("verify found problems or read nothing", "stateDir", stateDir,
                    "packsRead", report.packsRead(), "findings", report.findings());
        }
        Map<String, Double> extra = new HashMap<>();
        extra.put("durationSeconds", report.durationSeconds());
        extra.put("bytesRead", (double) report.bytesRead());
        extra.put("packsRead", (double) report.packsRead());
        extra.put("chunksVerified", (double) report.chunksVerified());
        extra.put("concurrency", (double) concurrency);
        return new RunResult(Scenario.VERIFY, objects, wall, cpu, ProcessMeter.peakRssBytes(), Runtime.getRuntime().maxMemory(), extra);
    }

    /** Runs a tierpack command in this JVM and measures it; the command's JSON report's numbers become extras. */
    private static RunResult cli(Scenario s, long objects, Path stateDir, String... args) throws IOException {
        long cpu0 = ProcessMeter.cpuNanos();
        long t0 = System.nanoTime();
        int rc = Main.run(args);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (ProcessMeter.cpuNanos() - cpu0) / 1e9;
        if (rc != 0) {
            throw new TierpackException("the measured command failed", "scenario", s.id(), "exit", rc,
                    "command", String.join(" ", args));
        }
        Path report = Path.of(args[args.length - 1]);
        Map<String, Double> extra = new HashMap<>();
        if (Files.exists(report)) {
            JsonNode n = JSON.readTree(report.toFile());
            n.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    extra.put(e.getKey(), e.getValue().asDouble());
                }
            });
        }
        return new RunResult(s, objects, wall, cpu, ProcessMeter.peakRssBytes(), Runtime.getRuntime().maxMemory(), extra);
    }
}
