package dev.tierpack.bench;

import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.Codec;
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
 * {@link SegmentCodec} on one 4 MiB segment of {@link BenchData#mixed mixed} data: compression and
 * decompression (with the frame checks), score in MiB/s of raw data. {@code mode=long} adds zstd's
 * long-distance matching with a 2^27 window ({@link SegmentCompression#zstdLong}). The setup
 * prints the compressed size, so the ratio of each level sits next to its speed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ZstdBench {
    static final int MIB = 4;
    static final int LONG_WINDOW_LOG = 27;

    @Param({"3", "9", "15", "19"})
    public int level;

    /** {@code default}: the level's own parameters; {@code long}: long-distance matching. */
    @Param({"default", "long"})
    public String mode;

    private byte[] raw;
    private byte[] dst;
    private byte[] stored;
    private SegmentCodec codec;

    @Setup(Level.Trial)
    public void setup() {
        codec = new SegmentCodec(switch (mode) {
            case "default" -> SegmentCompression.zstd(level);
            case "long" -> SegmentCompression.zstdLong(level, LONG_WINDOW_LOG);
            default -> throw new IllegalArgumentException("mode must be default or long: " + mode);
        });
        raw = BenchData.mixed(MIB << 20, BenchData.SEED);
        dst = new byte[codec.maxStoredLength(raw.length)];
        int n = codec.compress(raw, 0, raw.length, dst);
        stored = Arrays.copyOf(dst, n);
        if (!Arrays.equals(decompress(), raw)) {
            throw new IllegalStateException("zstd round trip differs: " + codec.compression());
        }
        System.out.printf(Locale.ROOT, "%n# zstd level=%d mode=%s: %d -> %d bytes (ratio %.3f)%n",
                level, mode, raw.length, n, (double) n / raw.length);
    }

    /** Returns the stored length. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public int compress() {
        return codec.compress(raw, 0, raw.length, dst);
    }

    /** Returns the raw segment (a new array, as the pack reader gets it). */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public byte[] decompress() {
        return SegmentCodec.decompress(Codec.ZSTD, stored, 0, stored.length, raw.length);
    }
}
