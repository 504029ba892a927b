package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.CampaignTiers;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.index.ChunkIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The one way a command opens the tiers it works on: the tiers of a {@link TierSelection} ({@link CampaignTiers}: one
 * embedded S3 server of the state dir when a tier is embedded) and the local state under its state dir the command
 * asks for. Closes all of it in reverse order, and what was opened already when opening fails half-way.
 */
final class CommandTiers implements AutoCloseable {
    /** Local state a command reads besides the tiers. */
    enum Local {
        /** {@code STATE_DIR/chunk-index} */
        CHUNK_INDEX,
        /** {@code STATE_DIR/catalog} */
        CATALOG
    }

    private final TierSelection selection;
    private final CampaignTiers tiers;
    private final ChunkIndex chunkIndex;
    private final Catalog catalog;

    private CommandTiers(TierSelection selection, CampaignTiers tiers, ChunkIndex chunkIndex, Catalog catalog) {
        this.selection = selection;
        this.tiers = tiers;
        this.chunkIndex = chunkIndex;
        this.catalog = catalog;
    }

    /** Opens the tiers of {@code selection}, then the {@code local} state under its state dir. */
    static CommandTiers open(TierSelection selection, Local... local) {
        List<Local> wanted = List.of(local);
        CampaignTiers tiers = CampaignTiers.open(selection.warm(), selection.cold(), selection.stateDir());
        ChunkIndex index = null;
        try {
            index = wanted.contains(Local.CHUNK_INDEX) ? ChunkIndex.open(selection.chunkIndexHome()) : null;
            Catalog catalog = wanted.contains(Local.CATALOG) ? Catalog.open(selection.catalogHome()) : null;
            return new CommandTiers(selection, tiers, index, catalog);
        } catch (RuntimeException | Error e) {
            try (CampaignTiers t = tiers; ChunkIndex i = index) {
                // closes in reverse order
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    TierSelection selection() {
        return selection;
    }

    Path stateDir() {
        return selection.stateDir();
    }

    Tier warm() {
        return tiers.warm();
    }

    /** The cold tier, or null when the selection has none. */
    Tier cold() {
        return tiers.cold();
    }

    /** The chunk index, opened with {@link Local#CHUNK_INDEX}. */
    ChunkIndex chunkIndex() {
        return Objects.requireNonNull(chunkIndex, "opened without the chunk index");
    }

    /** The catalog, opened with {@link Local#CATALOG}. */
    Catalog catalog() {
        return Objects.requireNonNull(catalog, "opened without the catalog");
    }

    /** Store paths read back from the catalog, the chunk index and both tiers (opened with both). */
    ReadBack readBack() {
        return readBack(catalog());
    }

    /** Store paths read back from {@code catalog}, the chunk index and both tiers (opened with the chunk index). */
    ReadBack readBack(Catalog catalog) {
        return new ReadBack(catalog, chunkIndex(), new ChunkTiers(warm(), cold()), ReassemblyConfig.defaults());
    }

    @Override
    public void close() throws Exception {
        try (CampaignTiers t = tiers; ChunkIndex i = chunkIndex; Catalog c = catalog) {
            // closes in reverse order
        }
    }
}
