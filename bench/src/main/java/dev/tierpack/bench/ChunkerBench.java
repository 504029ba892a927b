package dev.tierpack.bench;

import dev.tierpack.packer.chunk.ChunkStream;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.chunk.FastCdc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * FastCDC chunking of 64 MiB of {@link BenchData#mixed mixed} data, score in MiB/s (goal: at least
 * 1 GB/s, i.e. 954 MiB/s, per core). {@code cut} calls {@link FastCdc#cut} over an in-memory array;
 * {@code stream} runs {@link ChunkStream} over an {@code InputStream}, adding its buffer copies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ChunkerBench {
    static final int MIB = 64;

    /** Average chunk size in KiB ({@link ChunkerParams#of}: min avg/4, max 4 avg). */
    @Param({"16", "64"})
    public int avgKiB;

    private byte[] data;
    private FastCdc cdc;
    private ChunkStream stream;
    private long checksum;

    @Setup(Level.Trial)
    public void setup() {
        data = BenchData.mixed(MIB << 20, BenchData.SEED);
        cdc = new FastCdc(ChunkerParams.of(avgKiB << 10));
        stream = new ChunkStream(cdc);
    }

    /** Returns the number of chunks. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public int cut() {
        byte[] b = data;
        int chunks = 0;
        int pos = 0;
        while (pos < b.length) {
            pos += cdc.cut(b, pos, b.length - pos);
            chunks++;
        }
        return chunks;
    }

    /** Returns a checksum of the chunk boundaries, so that the sink's work is not dead code. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public long stream() throws IOException {
        checksum = 0;
        stream.chunk(new ByteArrayInputStream(data), (offset, buf, off, len) -> checksum += offset ^ buf[off]);
        return checksum;
    }
}
