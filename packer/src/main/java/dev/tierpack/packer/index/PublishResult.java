package dev.tierpack.packer.index;

/**
 * What {@link ChunkIndex#publish} did with one pack.
 *
 * @param newChunks        chunk ids of the pack that were not in the index and now point to it
 * @param alreadyIndexed   chunk ids of the pack that the index already had (they keep their location; on a first
 *                         publish each counts as a redundant copy in {@link IndexStats#redundantChunks()})
 * @param alreadyPublished the pack itself was already published: nothing was written ({@code newChunks} is 0 and
 *                         {@code alreadyIndexed} is the pack's chunk count)
 */
public record PublishResult(int newChunks, int alreadyIndexed, boolean alreadyPublished) {
    public PublishResult {
        if (newChunks < 0 || alreadyIndexed < 0 || alreadyPublished && newChunks != 0) {
            throw new IllegalArgumentException("inconsistent publish result: newChunks=" + newChunks
                    + " alreadyIndexed=" + alreadyIndexed + " alreadyPublished=" + alreadyPublished);
        }
    }

    /** Chunk records in the pack. */
    public int chunks() {
        return newChunks + alreadyIndexed;
    }
}
