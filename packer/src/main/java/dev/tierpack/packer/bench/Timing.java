package dev.tierpack.packer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A duration measured on two clocks: wall time, and CPU time of the thread (or child process) that did the work.
 * Throughput per core is bytes per CPU second; on a shared machine CPU time is also far less disturbed by other
 * processes than wall time, so benchmarks compare CPU times and report wall times alongside.
 *
 * @param wallNanos elapsed wall-clock time
 * @param cpuNanos CPU time consumed (user + system)
 */
public record Timing(long wallNanos, long cpuNanos) {
    /** Nothing measured yet: the identity of {@link #best}. */
    public static final Timing NONE = new Timing(Long.MAX_VALUE, Long.MAX_VALUE);
    public static final Timing ZERO = new Timing(0, 0);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public Timing {
        if (wallNanos < 0 || cpuNanos < 0) {
            throw new IllegalArgumentException("negative time: " + wallNanos + "/" + cpuNanos);
        }
    }

    /** Each clock's smaller value (best of two rounds). */
    public Timing best(Timing other) {
        return new Timing(Math.min(wallNanos, other.wallNanos), Math.min(cpuNanos, other.cpuNanos));
    }

    public Timing plus(Timing other) {
        return new Timing(wallNanos + other.wallNanos, cpuNanos + other.cpuNanos);
    }

    public Timing minus(Timing other) {
        return new Timing(Math.max(0, wallNanos - other.wallNanos), Math.max(0, cpuNanos - other.cpuNanos));
    }

    /** CPU time of the current thread, in nanoseconds. */
    public static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Starts measuring the current thread. */
    public static Stopwatch start() {
        return new Stopwatch(System.nanoTime(), threadCpuNanos());
    }

    /** A running measurement of the current thread; {@link #elapsed()} may be called any number of times. */
    public record Stopwatch(long wallStart, long cpuStart) {
        public Timing elapsed() {
            return new Timing(System.nanoTime() - wallStart, threadCpuNanos() - cpuStart);
        }
    }
}
