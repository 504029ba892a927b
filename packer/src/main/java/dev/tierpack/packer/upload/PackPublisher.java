package dev.tierpack.packer.upload;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.PublishResult;
import dev.tierpack.packer.pack.PackReader;
import dev.tierpack.packer.pack.PackResult;
import dev.tierpack.packer.pack.PackTail;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a written pack visible, in the order docs/FORMAT.md section 5 requires:
 *
 * <ol>
 *   <li>complete the pack's upload (durable);
 *   <li>read the pack's footer and trailer back and compare them with what was written, and the stored length;
 *       on an {@linkplain Tier#archival() archival} tier, which cannot be read back without a restore, the tier
 *       itself verified every request body by {@code Content-MD5} and the stored object's ETag against the MD5s of
 *       what was sent (S3Tier), so only the stored length is compared here;
 *   <li>write the index object (always on the warm tier), read it back and compare byte for byte;
 *   <li>publish the chunks in the chunk index in one atomic batch.
 * </ol>
 *
 * A failure before step 4 leaves at most an orphan pack (no index object, or an index object whose chunks are
 * not published): invisible to readers, found by {@code packer gc-orphans} / rebuilt by {@code packer reindex}.
 */
public final class PackPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PackPublisher.class);

    private final Tier indexTier;
    private final ChunkIndex chunkIndex;

    /** @param indexTier the warm tier, where index objects of all packs live */
    public PackPublisher(Tier indexTier, ChunkIndex chunkIndex) {
        this.indexTier = indexTier;
        this.chunkIndex = chunkIndex;
    }

    /** What a publication did. */
    public record Published(String tier, String packKey, String indexKey, long packLength, int chunks,
            PublishResult index) {}

    /** Steps 1-4 for a pack whose bytes {@code upload} received and {@code result} describes. */
    public Published publish(Tier packTier, Upload upload, PackResult result) throws IOException {
        String key = upload.key();
        TierObject stored = upload.commit();
        if (stored.size() != result.packLength()) {
            throw new IntegrityException("stored pack length differs from the length written",
                    "tier", packTier.name(), "pack", key, "expected", result.packLength(), "actual", stored.size());
        }
        if (packTier.archival()) {
            LOG.debug("archival tier: pack verified by Content-MD5 and ETag, not read back: tier={} pack={} etag={}",
                    packTier.name(), key, stored.etag());
        } else {
            PackTail tail = new PackReader(new TierRangeSource(packTier, key), result.packLength(), key)
                    .readFooterAndTrailer();
            if (!tail.matches(result)) {
                throw new IntegrityException("pack read back differs from what was written (footer or trailer)",
                        "tier", packTier.name(), "pack", key);
            }
        }
        String indexKey = result.header().packId().indexKey();
        byte[] indexObject = result.indexObject();
        try (Upload idx = indexTier.upload(indexKey)) {
            try (OutputStream out = idx.stream()) {
                out.write(indexObject);
            }
            idx.commit();
        }
        byte[] readBack;
        try (InputStream in = indexTier.read(indexKey)) {
            readBack = in.readAllBytes();
        }
        if (!Arrays.equals(readBack, indexObject)) {
            throw new IntegrityException("index object read back differs from what was written",
                    "tier", indexTier.name(), "object", indexKey, "pack", key);
        }
        PublishResult published = chunkIndex.publish(PackIndexObject.decode(readBack, indexKey));
        LOG.info("published pack: tier={} pack={} bytes={} chunks={} newChunks={}", packTier.name(), key,
                result.packLength(), result.index().chunks().size(), published.newChunks());
        return new Published(packTier.name(), key, indexKey, result.packLength(), result.index().chunks().size(), published);
    }
}
