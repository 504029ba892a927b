/**
 * Measurement harness for the packer's chunking and compression defaults (docs/BENCHMARKS.md, "Packing").
 *
 * <p>{@link dev.tierpack.packer.bench.PackingExperiment} ingests a binary cache directory ({@link
 * dev.tierpack.packer.bench.BenchCache}) the way the campaign will: {@link dev.tierpack.packer.bench.DedupSimulator}
 * decodes and parses every NAR, chunks each file, deduplicates across the whole cache, and hands new chunks to
 * {@link dev.tierpack.packer.bench.SegmentPacker}, which writes real packs with the pack writer and counts what would
 * be stored. Speeds are per core and compared with {@code xz -dc} on the same files in the same run
 * ({@link dev.tierpack.packer.bench.XzBaseline}, {@link dev.tierpack.packer.bench.Timing}).
 * {@link dev.tierpack.packer.bench.PackingBench} is the command line; {@link dev.tierpack.packer.bench.GenerateCache}
 * writes the generated cache the benchmarks use beside the real-Nix corpus.
 *
 * <p>The harness holds one table entry per unique chunk in memory (about 100 bytes each): it is sized for
 * benchmark caches, not for the production cache.
 */
package dev.tierpack.packer.bench;
