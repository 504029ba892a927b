package dev.tierpack.core.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Side-by-side xz decoding throughput on one file, in one run: the {@code xz -dc -T1} command
 * (wall time of the process writing to {@code /dev/null}) against the decoders of {@link XzBackend}
 * reading the file from Java and discarding the output. Rounds are interleaved (the order rotates
 * every round) and the best time of each method is kept, so a burst of load from other processes
 * hurts every method alike and is then filtered out. Before timing, {@code xz -dc} runs once to
 * warm the page cache and each Java decoder runs once to warm the JIT. The process start-up cost
 * of {@code xz} is measured separately on an empty {@code .xz} stream and reported (it is included
 * in the {@code xz -dc} time, as it is in any real use of the tool).
 *
 * <p>Usage: {@code XzBenchmark [--rounds N] [--methods xz_cli,native,java,process] [--concat | FILE]};
 * without a file, the largest {@code .nar.xz} of the corpus ({@code -Dtierpack.shared}, else
 * {@code ../shared} beside a parent directory); {@code --concat} decodes the concatenation of all
 * corpus {@code .nar.xz} files (a multi-stream {@code .xz}).
 */
public final class XzBenchmark {
    private static final int READ_BUFFER = 128 * 1024;

    private XzBenchmark() {}

    /** A measured decoder. */
    public enum Method {
        XZ_CLI("xz -dc -T1 (process)"),
        NATIVE("native liblzma via FFM"),
        JAVA("pure Java (org.tukaani)"),
        PROCESS("xz -dc pipe read by Java");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Outcome of one benchmark run.
     *
     * @param bestNanos best wall time per method
     * @param cliStartupNanos best wall time of {@code xz -dc -T1} on an empty stream (process start-up)
     */
    public record Result(Path file, long compressedBytes, long decompressedBytes, int rounds,
                         Map<Method, Long> bestNanos, long cliStartupNanos, String liblzmaVersion) {
        public Result {
            if (rounds < 1 || bestNanos.isEmpty()) {
                throw new IllegalArgumentException("no measurement");
            }
            bestNanos = Map.copyOf(bestNanos);
        }

        /** Decompressed megabytes (10^6 bytes) per second. */
        public double mbPerSecond(Method m) {
            return decompressedBytes / 1e6 / (nanos(m) / 1e9);
        }

        /** Throughput of {@code m} relative to {@code xz -dc} (1.0 = same speed, higher = faster). */
        public double ratioToCli(Method m) {
            return (double) nanos(Method.XZ_CLI) / nanos(m);
        }

        private long nanos(Method m) {
            Long n = bestNanos.get(m);
            if (n == null) {
                throw new IllegalArgumentException("not measured: " + m);
            }
            return n;
        }

        /** A human-readable table. */
        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "file: %s%n  %,d bytes compressed, %,d bytes decompressed; best of %d interleaved rounds; liblzma %s%n",
                    file, compressedBytes, decompressedBytes, rounds, liblzmaVersion));
            for (Method m : Method.values()) {
                if (bestNanos.containsKey(m)) {
                    sb.append(String.format(Locale.ROOT, "  %-28s %9.3f s %9.1f MB/s", m.label(), bestNanos.get(m) / 1e9, mbPerSecond(m)));
                    if (bestNanos.containsKey(Method.XZ_CLI)) {
                        sb.append(String.format(Locale.ROOT, "   %.3fx xz -dc", ratioToCli(m)));
                    }
                    sb.append(System.lineSeparator());
                }
            }
            if (cliStartupNanos > 0) {
                sb.append(String.format(Locale.ROOT, "  (xz process start-up on an empty stream: %.1f ms, included in the xz -dc time)%n", cliStartupNanos / 1e6));
            }
            return sb.toString();
        }
    }

    /** Runs the benchmark; {@link Method#XZ_CLI} is always measured (it is the reference). */
    public static Result run(Path file, int rounds, Set<Method> methods) throws IOException {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1");
        }
        EnumSet<Method> measured = EnumSet.copyOf(methods);
        measured.add(Method.XZ_CLI);
        for (Method m : measured) {
            if (m != Method.XZ_CLI && !backend(m).isAvailable()) {
                throw new IllegalStateException(m + " decoder not available");
            }
        }
        List<Method> order = new ArrayList<>(measured);
        long compressed = Files.size(file);

        // warm-up: page cache (xz -dc), JIT (each Java decoder once); all Java decoders must agree on the size
        runCli(file);
        long decompressed = -1;
        for (Method m : order) {
            if (m != Method.XZ_CLI) {
                long n = decode(m, file);
                if (decompressed >= 0 && n != decompressed) {
                    throw new IllegalStateException(m + " decoded " + n + " bytes, another decoder " + decompressed);
                }
                decompressed = n;
            }
        }
        if (decompressed < 0) {
            decompressed = decode(NativeXz.isAvailable() ? Method.NATIVE : Method.JAVA, file);
        }

        Map<Method, Long> best = new EnumMap<>(Method.class);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < order.size(); i++) {
                Method m = order.get((i + round) % order.size());
                long t0 = System.nanoTime();
                if (m == Method.XZ_CLI) {
                    runCli(file);
                } else {
                    decode(m, file);
                }
                long dt = System.nanoTime() - t0;
                best.merge(m, dt, Math::min);
            }
        }
        return new Result(file, compressed, decompressed, rounds, best, cliStartup(Math.max(3, rounds)),
                NativeXz.version().orElse("unavailable"));
    }

    private static XzBackend backend(Method m) {
        return switch (m) {
            case NATIVE -> XzBackend.NATIVE;
            case JAVA -> XzBackend.JAVA;
            case PROCESS -> XzBackend.PROCESS;
            case XZ_CLI -> throw new IllegalArgumentException("not a Java decoder");
        };
    }

    /** Decodes {@code file} with a Java-side decoder, discarding the output; returns the decompressed size. */
    static long decode(Method m, Path file) throws IOException {
        byte[] buf = new byte[READ_BUFFER];
        long total = 0;
        try (InputStream in = backend(m).open(Files.newInputStream(file), file.getFileName().toString())) {
            int n;
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                total += n;
            }
        }
        return total;
    }

    private static void runCli(Path file) throws IOException {
        Process p = new ProcessBuilder("xz", "-dc", "-T1", file.toString())
                .redirectOutput(Redirect.DISCARD)
                .redirectError(Redirect.PIPE)
                .start();
        int exit = waitFor(p);
        if (exit != 0) {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IllegalStateException("xz -dc " + file + " exited with " + exit + ": " + err);
        }
    }

    private static long cliStartup(int runs) throws IOException {
        Path empty = Files.createTempFile("tierpack-empty", ".xz");
        try {
            try (OutputStream out = Compressors.xz(Files.newOutputStream(empty), 6)) {
                out.flush();
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                runCli(empty);
                best = Math.min(best, System.nanoTime() - t0);
            }
            return best;
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Writes the concatenation of {@code parts} (e.g. all corpus {@code .nar.xz}, a valid multi-stream {@code .xz}) to {@code target}. */
    public static Path concatenate(List<Path> parts, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            for (Path p : parts) {
                Files.copy(p, out);
            }
        }
        return target;
    }

    /** The corpus {@code nar/} directory: {@code -Dtierpack.shared}, else {@code shared/corpus} beside the working directory or a parent. */
    static Path corpusNarDir() {
        String prop = System.getProperty("tierpack.shared");
        List<Path> candidates = new ArrayList<>();
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p.resolveSibling("shared"));
        }
        for (Path shared : candidates) {
            Path dir = shared.resolve("corpus/nix-cache/nar");
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("corpus not found; pass a file or -Dtierpack.shared=/path/to/shared");
    }

    static List<Path> corpusNars() throws IOException {
        try (Stream<Path> s = Files.list(corpusNarDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".nar.xz")).sorted().toList();
        }
    }

    public static void main(String[] args) throws IOException {
        int rounds = 5;
        Set<Method> methods = EnumSet.allOf(Method.class);
        Path file = null;
        boolean concat = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--methods" -> {
                    methods = EnumSet.noneOf(Method.class);
                    for (String m : args[++i].split(",")) {
                        methods.add(Method.valueOf(m.strip().toUpperCase(Locale.ROOT)));
                    }
                }
                case "--concat" -> concat = true;
                default -> file = Path.of(args[i]);
            }
        }
        Path temp = null;
        try {
            if (concat) {
                temp = concatenate(corpusNars(), Files.createTempFile("tierpack-corpus", ".xz"));
                file = temp;
            } else if (file == null) {
                file = corpusNars().stream().max(Comparator.comparingLong(XzBenchmark::size))
                        .orElseThrow(() -> new IllegalStateException("no .nar.xz in the corpus"));
            }
            methods.removeIf(m -> m != Method.XZ_CLI && !backend(m).isAvailable());
            System.out.print(run(file, rounds, methods).report());
            System.out.println("  (" + Runtime.getRuntime().availableProcessors() + " cores; args " + Arrays.toString(args) + ")");
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
