/**
 * JMH microbenchmarks of tierpack's hot paths: content-defined chunking, chunk hashing, zstd
 * segment compression, xz decoding and RocksDB point lookups.
 *
 * <p>Throughput benchmarks that process bytes declare one JMH operation per MiB of input
 * ({@code @OperationsPerInvocation}), so their score in {@code ops/s} reads as MiB/s. Inputs are
 * generated in {@code @Setup} by {@link dev.tierpack.bench.BenchData} from fixed seeds. The class
 * defaults (3 warmup and 5 measurement iterations of 1 s, one fork) are the settings of the
 * figures in {@code docs/BENCHMARKS.md}; forks get {@code --enable-native-access=ALL-UNNAMED}
 * for liblzma, zstd-jni and RocksDB.
 */
package dev.tierpack.bench;
