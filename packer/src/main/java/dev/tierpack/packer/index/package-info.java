/**
 * The chunk index: the local, rebuildable map from chunk id to where the chunk is stored (FORMAT.md 7).
 *
 * <p>{@link dev.tierpack.packer.index.ChunkIndex} holds it in RocksDB: lookups ({@code find}, {@code contains},
 * batched {@code findAll}) and {@code publish}, one atomic synced write per pack (FORMAT.md 5 step 4). A
 * {@link dev.tierpack.packer.index.ChunkLocation} is enough to read a chunk with one range GET of its segment
 * ({@link dev.tierpack.packer.index.LocatedChunkReader}). {@link dev.tierpack.packer.index.ChunkIndexRebuilder}
 * rebuilds the whole index from pack index objects and swaps it in atomically.
 */
package dev.tierpack.packer.index;
