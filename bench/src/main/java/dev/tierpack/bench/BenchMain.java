package dev.tierpack.bench;

/**
 * Entry point of {@code bench/target/benchmarks.jar}: JMH's own command line
 * ({@code -h} lists its options, {@code -l} the benchmarks), unchanged.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
