package dev.tierpack.loadbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.cli.Main;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the load harness at a tiny size: the real lister path into a real embedded Kafka, each run in its own
 * JVM. Checks the report's structure and that every figure was measured; the scale bar itself is measured by hand
 * (docs/BENCHMARKS.md, "Load harness").
 */
class LoadHarnessTest {
    @TempDir Path tmp;

    @Test
    void narinfoScenarioReportsMeasuredThroughputRssAndRatiosPerFreshJvm() throws Exception {
        Path report = tmp.resolve("report.json");
        Path plot = tmp.resolve("plot.png");
        Path work = tmp.resolve("work");
        int rc = Main.run("bench", "ingest", "--scenario", "narinfo", "--objects", "600", "--baseline-objects", "200",
                "--page-size", "100", "--heap", "256m", "--work-dir", work.toString(), "--report-json", report.toString(),
                "--plot", plot.toString());
        assertEquals(0, rc);
        assertFalse(Files.exists(work), "scratch deleted");
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertEquals("narinfo", r.get("scenario").asText());
        assertEquals("256m", r.get("heap").asText());
        assertTrue(r.get("cores").asInt() >= 1);
        JsonNode runs = r.get("runs");
        assertEquals(2, runs.size());
        assertEquals(List.of("baseline", "measured"), List.of(runs.get(0).get("label").asText(), runs.get(1).get("label").asText()));
        assertEquals(200, runs.get(0).get("objects").asLong());
        assertEquals(600, runs.get(1).get("objects").asLong());
        for (JsonNode run : runs) {
            assertTrue(run.get("wallSeconds").asDouble() > 0, run.toString());
            assertTrue(run.get("cpuSeconds").asDouble() > 0, run.toString());
            assertTrue(run.get("objectsPerCoreSecond").asDouble() > 0, run.toString());
            assertEquals(run.get("objects").asDouble() / run.get("cpuSeconds").asDouble(),
                    run.get("objectsPerCoreSecond").asDouble(), 1e-6 * run.get("objectsPerCoreSecond").asDouble());
            long rss = run.get("peakRssBytes").asLong();
            // a JVM that ran Kafka clients has tens of MiB resident; the heap cap is the child's, not this JVM's
            assertTrue(rss > 20L << 20, "peak RSS " + rss);
            assertEquals(256L << 20, run.get("maxHeapBytes").asLong(), 32L << 20);
            assertTrue(run.get("inProcess").get("bareParseObjectsPerCoreSecond").asDouble() > 0);
            assertTrue(run.get("inProcess").get("meanReferences").asDouble() > 1);
        }
        // each run is its own process: its high-water mark is not this test JVM's
        assertNotEquals(ProcessMeter.peakRssBytes(), runs.get(1).get("peakRssBytes").asLong());
        JsonNode ratios = runs.get(1).get("ratios");
        assertEquals(200, ratios.get("baselineObjects").asLong());
        assertEquals((double) runs.get(1).get("peakRssBytes").asLong() / runs.get(0).get("peakRssBytes").asLong(),
                ratios.get("peakRssVsBaseline").asDouble(), 1e-9);
        assertEquals(runs.get(1).get("objectsPerCoreSecond").asDouble() / runs.get(0).get("objectsPerCoreSecond").asDouble(),
                ratios.get("objectsPerCoreSecondVsBaseline").asDouble(), 1e-9);
        assertTrue(ratios.get("objectsPerCoreSecondVsBareParseLoop").asDouble() > 0);
        BufferedImage png = ImageIO.read(plot.toFile());
        assertEquals(1000, png.getWidth());
    }

    @Test
    void processMeterReadsThisProcess() {
        long cpu0 = ProcessMeter.cpuNanos();
        long x = 0;
        for (int i = 0; i < 20_000_000; i++) {
            x += Long.numberOfTrailingZeros(i ^ x);
        }
        assertTrue(x != 42 && ProcessMeter.cpuNanos() > cpu0);
        assertTrue(ProcessMeter.peakRssBytes() >= ProcessMeter.rssBytes() - (1 << 20));
        assertTrue(ProcessMeter.rssBytes() > 0);
    }

    @Test
    void memoryProbeSeesCollectionsAndReadsNativeMemoryTrackingCategories() throws Exception {
        MemoryProbe.Figures f;
        try (MemoryProbe probe = MemoryProbe.start()) {
            byte[][] garbage = new byte[64][];
            for (int i = 0; i < 2_000; i++) {
                garbage[i % garbage.length] = new byte[64 << 10];
            }
            System.gc();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            do {
                f = probe.finish(); // notifications arrive on a JMX thread
            } while ((f.collections() == 0 || f.heapAfterGcPeakBytes() == 0) && System.nanoTime() < deadline);
            assertTrue(garbage[0].length > 0);
        }
        assertTrue(f.collections() > 0, f.toString());
        assertTrue(f.heapAfterGcPeakBytes() > 0 && f.liveHeapAtEndBytes() > 0, f.toString());
        assertTrue(f.heapCommittedPeakBytes() >= f.heapAfterGcPeakBytes(), f.toString());
        // this test JVM runs without NMT: no categories rather than an error
        assertEquals(Map.of(), MemoryProbe.nativeMemoryCommitted());
        // the format of jcmd VM.native_memory summary scale=KB (JDK 25)
        Map<String, Long> nmt = MemoryProbe.parseNmt(String.join("\n",
                "Native Memory Tracking:", "", "Total: reserved=7722545KB, committed=462829KB",
                "       malloc: 6845KB #4952, peak=6799KB #4952", "",
                "-                 Java Heap (reserved=6172672KB, committed=393216KB)",
                "                            (mmap: reserved=6172672KB, committed=393216KB, at peak)", "",
                "-                     Class (reserved=1048630KB, committed=118KB)",
                "-        Native Memory Tracking (reserved=359KB, committed=359KB)"));
        assertEquals(Map.of("Total", 462829L * 1024, "Java Heap", 393216L * 1024, "Class", 118L * 1024,
                "Native Memory Tracking", 359L * 1024), nmt);
    }

    @Test
    void unknownScenarioIsAUsageError() {
        assertEquals(2, Main.run("bench", "ingest", "--scenario", "bogus", "--objects", "10"));
    }
}
