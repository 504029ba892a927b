package dev.tierpack.packer.bench;

import dev.tierpack.core.compress.Compression;
import dev.tierpack.core.compress.Decompressors;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The reference speed of a migration: decoding the source {@code .nar.xz} files with the {@code xz} tool,
 * {@code xz -dc -T1 --files=LIST} writing to {@code /dev/null}, one process for all files (so its start-up cost,
 * ~2.5 ms, is paid once). Measured on both clocks of {@link Timing}: wall time, and the child's CPU time (user +
 * system, from the {@code cutime}/{@code cstime} of {@code /proc/self/stat}, in clock ticks of 10 ms; where
 * {@code /proc} is unavailable the CPU time is the wall time).
 */
public final class XzBaseline {
    private static final Path PROC_SELF_STAT = Path.of("/proc/self/stat");
    private static final long TICK_NANOS = 1_000_000_000L / clockTicksPerSecond();

    private XzBaseline() {}

    /**
     * One {@code xz -dc -T1} run over {@code files}.
     *
     * @throws ConfigException the {@code xz} tool cannot be run
     * @throws SourceException xz failed (a file is missing or corrupt)
     */
    public static Timing cli(List<Path> files) throws IOException {
        Path list = Files.createTempFile("tierpack-xz-files", ".txt");
        try {
            Files.writeString(list, files.stream().map(Path::toString).collect(Collectors.joining("\n", "", "\n")),
                    StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder("xz", "-dc", "-T1", "--files=" + list)
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.DISCARD)
                    .redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
            long childCpu = childCpuNanos();
            long wall = System.nanoTime();
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new ConfigException("cannot run xz", e, "command", "xz -dc -T1", "reason", e.getMessage());
            }
            int rc;
            try {
                rc = p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for xz", e);
            }
            wall = System.nanoTime() - wall;
            long after = childCpuNanos();
            if (rc != 0) {
                throw new SourceException("xz -dc failed", "exitCode", rc, "files", files.size());
            }
            return new Timing(wall, childCpu < 0 || after < 0 ? wall : after - childCpu);
        } finally {
            Files.deleteIfExists(list);
        }
    }

    /** Decoding {@code files} in this thread with the selected xz backend, output discarded. */
    public static Timing backend(List<Path> files) throws IOException {
        byte[] sink = new byte[128 << 10];
        Timing.Stopwatch watch = Timing.start();
        for (Path f : files) {
            try (InputStream in = Decompressors.open(Compression.XZ, Files.newInputStream(f), f.getFileName().toString())) {
                while (in.read(sink) >= 0) {
                    // discard
                }
            }
        }
        return watch.elapsed();
    }

    /** CPU time of this process's waited-for children, or -1 if {@code /proc/self/stat} cannot be read. */
    static long childCpuNanos() {
        try {
            String stat = Files.readString(PROC_SELF_STAT, StandardCharsets.US_ASCII);
            // fields after the parenthesized command name: state is field 3, cutime 16, cstime 17
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (p.waitFor() == 0) {
                long ticks = Long.parseLong(out);
                if (ticks > 0 && ticks <= 1_000_000) {
                    return ticks;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to Linux's usual value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
