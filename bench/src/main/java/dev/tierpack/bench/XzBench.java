package dev.tierpack.bench;

import dev.tierpack.core.compress.Compressors;
import dev.tierpack.core.compress.XzBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * xz decoding of an in-memory {@code .xz} of 4 MiB of {@link BenchData#mixed mixed} data, made in
 * the setup by {@link Compressors#xz} at preset 6 (Nix's), through the decoders that
 * {@code Decompressors.open(Compression.XZ, ...)} chooses between ({@link XzBackend}):
 * {@code native} (liblzma through FFM, the default) and {@code java} (org.tukaani:xz). Score in
 * MiB/s of decompressed data. {@code docs/BENCHMARKS.md} "xz decoding" compares both with
 * {@code xz -dc} on the real corpus.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class XzBench {
    static final int MIB = 4;
    static final int PRESET = 6;

    @Param({"native", "java"})
    public String backend;

    private byte[] xz;
    private XzBackend decoder;
    private final byte[] sink = new byte[128 << 10];

    @Setup(Level.Trial)
    public void setup() throws IOException {
        decoder = XzBackend.valueOf(backend.toUpperCase(Locale.ROOT));
        if (!decoder.isAvailable()) {
            throw new IllegalStateException("xz decoder not available in this JVM: " + backend);
        }
        byte[] raw = BenchData.mixed(MIB << 20, BenchData.SEED);
        xz = Encoded.xz(raw);
        byte[] back;
        try (InputStream in = decoder.open(new ByteArrayInputStream(xz), "bench.xz")) {
            back = in.readAllBytes();
        }
        if (!Arrays.equals(back, raw)) {
            throw new IllegalStateException("xz round trip differs: backend=" + backend);
        }
    }

    /**
     * The encoded input, made once per JVM: encoding at preset 6 takes seconds, and both backends
     * (in a run without forks, as the smoke test's) decode the same bytes.
     */
    private static final class Encoded {
        private static byte[] raw;
        private static byte[] xz;

        static synchronized byte[] xz(byte[] data) throws IOException {
            if (xz == null || !Arrays.equals(raw, data)) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream(data.length / 2);
                try (OutputStream out = Compressors.xz(buf, PRESET)) {
                    out.write(data);
                }
                raw = data;
                xz = buf.toByteArray();
            }
            return xz;
        }
    }

    /** Returns the number of decompressed bytes. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public long decode() throws IOException {
        long total = 0;
        try (InputStream in = decoder.open(new ByteArrayInputStream(xz), "bench.xz")) {
            for (int n; (n = in.read(sink)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }
}
