package dev.tierpack.cli;

import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.index.ChunkIndex;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** Where migrated data is read back from: the tiers, and the local chunk index and catalog under the state dir. */
final class ReadBackOptions {
    @Mixin StateDirOption state;

    @Mixin TierUriOptions tiers;

    Path chunkIndexHome() {
        return state.stateDir.resolve("chunk-index");
    }

    Path catalogHome() {
        return state.stateDir.resolve("catalog");
    }

    TierUris.Opened openWarm() {
        return TierUris.open("warm", tiers.warm, state.stateDir);
    }

    /** The open tiers, chunk index and catalog; closes them all. */
    final class Session implements AutoCloseable {
        final TierUris.Opened warmTier;
        final TierUris.Opened coldTier;
        final ChunkIndex chunkIndex;
        final Catalog catalog;

        Session() {
            TierUris.Opened w = null;
            TierUris.Opened c = null;
            ChunkIndex i = null;
            try {
                w = openWarm();
                c = tiers.cold == null ? null : TierUris.open("cold", tiers.cold, state.stateDir);
                i = ChunkIndex.open(chunkIndexHome());
                this.catalog = Catalog.open(catalogHome());
            } catch (RuntimeException e) {
                closeAll(i, c, w);
                throw e;
            }
            this.warmTier = w;
            this.coldTier = c;
            this.chunkIndex = i;
        }

        ReadBack readBack() {
            return new ReadBack(catalog, chunkIndex,
                    new ChunkTiers(warmTier.tier(), coldTier == null ? null : coldTier.tier()), ReassemblyConfig.defaults());
        }

        @Override
        public void close() {
            closeAll(catalog, chunkIndex, coldTier, warmTier);
        }
    }

    Session open() {
        return new Session();
    }

    private static void closeAll(AutoCloseable... all) {
        RuntimeException first = null;
        for (AutoCloseable c : all) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
