/**
 * Content-defined chunking and chunk identity.
 *
 * <p>tierpack cuts the contents of each regular file of a NAR (not the NAR byte stream) into
 * chunks with {@link dev.tierpack.packer.chunk.FastCdc}, streams them in bounded memory with
 * {@link dev.tierpack.packer.chunk.ChunkStream}, and names each chunk by the SHA-256 of its bytes,
 * a {@link dev.tierpack.packer.chunk.ChunkId} computed by {@link dev.tierpack.packer.chunk.ChunkHasher}.
 *
 * <p>Format promise: for given {@link dev.tierpack.packer.chunk.ChunkerParams}, the boundaries are
 * a pure function of the bytes, fixed forever by the boundary rule documented on {@code FastCdc}
 * and the {@link dev.tierpack.packer.chunk.GearTable}; {@code GoldenVectorTest} and
 * {@code GearTableTest} pin both.
 */
package dev.tierpack.packer.chunk;
