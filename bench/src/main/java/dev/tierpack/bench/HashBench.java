package dev.tierpack.bench;

import dev.tierpack.packer.chunk.ChunkHasher;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ChunkHasher} (SHA-256 chunk ids) over 4 MiB of random data cut into chunks of one size,
 * one id per chunk; score in MiB/s, so per-chunk overhead shows as the chunks get smaller.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HashBench {
    static final int MIB = 4;

    @Param({"4", "16", "64"})
    public int chunkKiB;

    private byte[] data;
    private ChunkHasher hasher;

    @Setup(Level.Trial)
    public void setup() {
        data = BenchData.random(MIB << 20, BenchData.SEED);
        hasher = new ChunkHasher();
    }

    @Benchmark
    @OperationsPerInvocation(MIB)
    public void sha256(Blackhole bh) {
        int chunk = chunkKiB << 10;
        for (int off = 0; off < data.length; off += chunk) {
            bh.consume(hasher.hash(data, off, chunk));
        }
    }
}
