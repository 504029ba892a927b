package dev.tierpack.loadbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.cli.Main;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.gen.ScaleSpec;
import java.io.IOException;
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
 * LoadChild full    OBJECTS SOURCE_DIR STATE_DIR
 * LoadChild verify  OBJECTS STATE_DIR
 * </pre>
 * A full run closes batches after 2 s instead of the default 30 s, so that at small sizes the last partial batch
 * does not wait for its age limit (which would measure the timer, not the ingest).
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
        return switch (s) {
            case NARINFO -> new NarinfoIngest(a[2], ScaleSpec.nixpkgsLike(42, objects), Boolean.parseBoolean(a[4]),
                    Integer.parseInt(a[5]), Integer.parseInt(a[6])).run(a[3]);
            case FULL -> cli(s, objects, Path.of(a[3]), "campaign", "run", "--source", Path.of(a[2]).toUri().toString(),
                    "--state-dir", a[3], "--name", "bench", "--max-batch-age", "2s", "--quiet", "--report-json", Path.of(a[3], "full-report.json").toString());
            case VERIFY -> cli(s, objects, Path.of(a[2]), "packer", "verify", "--full", "--state-dir", a[2],
                    "--report-json", Path.of(a[2], "verify-report.json").toString());
        };
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
