package dev.tierpack.manifests.read;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.format.ManifestFormat;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.upload.TierRangeSource;
import java.io.IOException;
import java.util.Objects;

/**
 * Reads a manifest given its chunk id: the chunk index locates it in its manifest pack, one range GET fetches its
 * segment (CRC32C, decoding and the SHA-256 against the id are checked by {@link LocatedChunkReader}), and
 * {@link ManifestFormat} decodes it. Errors name the manifest and the store path asked for.
 */
public final class ManifestLoader {
    private final ChunkIndex index;
    private final ChunkTiers tiers;

    public ManifestLoader(ChunkIndex index, ChunkTiers tiers) {
        this.index = Objects.requireNonNull(index, "index");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
    }

    /** The manifest stored as chunk {@code id}, which must be that of the store path with hash part {@code hashPart}. */
    public Manifest load(ChunkId id, String hashPart) throws IOException {
        String storePath = hashPart;
        ChunkLocation at = index.find(id).orElseThrow(() -> new IntegrityException(
                "manifest is not in the chunk index", "manifest", id, "storePath", storePath));
        Tier tier = tiers.tier(at.tier()).orElseThrow(() -> new RestoreRequiredException(
                "manifest is on the cold tier", "manifest", id, "storePath", storePath));
        try {
            byte[] blob = LocatedChunkReader.read(new TierRangeSource(tier, at.packKey()), id, at);
            Manifest m = ManifestFormat.decode(blob, "manifest " + id);
            if (!m.storePath().hashPart().equals(hashPart)) {
                throw new IntegrityException("manifest is for another store path", "manifest", id,
                        "manifestStorePath", m.storePath());
            }
            return m;
        } catch (TierpackException e) {
            throw e.with("storePath", storePath);
        }
    }
}
