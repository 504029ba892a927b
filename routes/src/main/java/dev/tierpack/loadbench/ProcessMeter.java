package dev.tierpack.loadbench;

import dev.tierpack.core.error.TierpackException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory high-water mark of this process, as the kernel counts them: CPU from the JVM's
 * {@code OperatingSystemMXBean} (all threads, GC and JIT included), peak RSS from {@code VmHWM} in
 * {@code /proc/self/status} (Linux).
 */
public final class ProcessMeter {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMeter() {}

    /** CPU time used by this process so far, in nanoseconds. */
    public static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        throw new TierpackException("this JVM does not report its process CPU time", "jvm", Runtime.version());
    }

    /** Peak resident set size of this process (VmHWM), in bytes. */
    public static long peakRssBytes() {
        return statusKiB("VmHWM:") * 1024;
    }

    /** Current resident set size (VmRSS), in bytes. */
    public static long rssBytes() {
        return statusKiB("VmRSS:") * 1024;
    }

    private static long statusKiB(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    String v = line.substring(field.length()).trim();
                    if (!v.endsWith(" kB")) {
                        throw new TierpackException("unexpected unit in /proc/self/status", "line", line);
                    }
                    return Long.parseLong(v.substring(0, v.length() - 3).trim());
                }
            }
            throw new TierpackException("field missing from /proc/self/status", "field", field);
        } catch (IOException e) {
            throw new TierpackException("cannot read /proc/self/status (peak RSS needs Linux)", e, "file", STATUS);
        }
    }
}
