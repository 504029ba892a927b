package dev.tierpack.loadbench;

import java.util.Map;
import java.util.Objects;

/**
 * What one measured run (one JVM) reports.
 *
 * @param scenario        what ran
 * @param objects         objects ingested (narinfos committed as work records; store paths migrated or verified)
 * @param wallSeconds     wall time of the measured part
 * @param cpuSeconds      CPU time of the process during the measured part (all threads)
 * @param peakRssBytes    the process's VmHWM at the end (includes JVM start-up and everything before the run)
 * @param maxHeapBytes    the JVM's heap limit ({@code -Xmx})
 * @param baseline        figures of the in-process baseline (a bare generate+parse loop for narinfo), may be empty
 * @param memory          heap after collections and NMT categories ({@link MemoryProbe}), or null if not probed
 */
public record RunResult(Scenario scenario, long objects, double wallSeconds, double cpuSeconds, long peakRssBytes,
        long maxHeapBytes, Map<String, Double> baseline, MemoryProbe.Figures memory) {
    public RunResult {
        Objects.requireNonNull(scenario, "scenario");
        baseline = Map.copyOf(baseline);
        if (objects < 0 || !(wallSeconds > 0) || !(cpuSeconds > 0) || peakRssBytes <= 0) {
            throw new IllegalArgumentException("unmeasured run: objects=" + objects + " wall=" + wallSeconds + " cpu="
                    + cpuSeconds + " peakRss=" + peakRssBytes);
        }
    }

    public RunResult(Scenario scenario, long objects, double wallSeconds, double cpuSeconds, long peakRssBytes,
            long maxHeapBytes, Map<String, Double> baseline) {
        this(scenario, objects, wallSeconds, cpuSeconds, peakRssBytes, maxHeapBytes, baseline, null);
    }

    /** This result with the memory figures of its JVM. */
    public RunResult withMemory(MemoryProbe.Figures figures) {
        return new RunResult(scenario, objects, wallSeconds, cpuSeconds, peakRssBytes, maxHeapBytes, baseline, figures);
    }

    public double objectsPerSecond() {
        return objects / wallSeconds;
    }

    /** Objects per CPU-second of the process: throughput per core. */
    public double objectsPerCoreSecond() {
        return objects / cpuSeconds;
    }
}
