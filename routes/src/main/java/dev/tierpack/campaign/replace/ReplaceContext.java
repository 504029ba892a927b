package dev.tierpack.campaign.replace;

import dev.tierpack.campaign.ledger.CampaignLedger;
import dev.tierpack.campaign.ledger.StandaloneLedger;
import dev.tierpack.campaign.placement.CampaignPlacement;
import dev.tierpack.campaign.runtime.CampaignTiers;
import dev.tierpack.campaign.runtime.RunLock;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.campaign.runtime.StateDir;
import dev.tierpack.core.cost.CostMeter;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.tier.RequestListener;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.Tiers;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.index.ChunkIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What re-placement works on, opened from a campaign's settings: the campaign's run lock (re-placement and a
 * campaign run never overlap), the tiers (each request metered into the ledger when there is one), the chunk index,
 * the catalog and the placement store under the state dir, and for {@code run} the campaign's Kafka ledger (fenced
 * with the transactional id {@code tierpack.<c>.ledger-replace}, read back into the spend tally). Closes everything
 * in reverse order.
 */
public final class ReplaceContext implements AutoCloseable {
    public final RuntimeSettings settings;
    public final Tier warm;
    public final Tier cold;
    public final ChunkIndex chunkIndex;
    public final Catalog catalog;
    public final PlacementStore placement;
    /** Null for a plan. */
    public final CampaignLedger ledger;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    private ReplaceContext(RuntimeSettings settings, boolean withLedger) {
        this.settings = settings;
        try {
            Path campaignDir = settings.campaignDir();
            Path placementDir = CampaignPlacement.storeDir(campaignDir);
            if (!Files.isDirectory(placementDir) || !Files.isDirectory(new StateDir(settings.stateDir()).catalog())) {
                throw new ConfigException("the campaign has not migrated anything yet (no catalog or placement store)",
                        "campaign", settings.campaign(), "stateDir", settings.stateDir());
            }
            closeables.push(RunLock.acquire(campaignDir));
            EmbeddedS3 s3 = null;
            if (settings.needsEmbeddedS3()) {
                s3 = EmbeddedS3.start(new StateDir(settings.stateDir()).embeddedS3(), 0);
                closeables.push(s3);
            }
            CampaignLedger l = null;
            if (withLedger) {
                l = push(StandaloneLedger.open(settings, name(settings.warm()), name(settings.cold()), "replace")).ledger();
            }
            this.ledger = l;
            this.warm = open(settings.warm(), s3);
            this.cold = open(settings.cold(), s3);
            this.chunkIndex = push(ChunkIndex.open(new StateDir(settings.stateDir()).chunkIndex()));
            this.catalog = push(Catalog.open(new StateDir(settings.stateDir()).catalog()));
            this.placement = push(PlacementStore.open(placementDir));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** For {@code replace plan}: no ledger, nothing is written. */
    public static ReplaceContext forPlan(RuntimeSettings settings) {
        return new ReplaceContext(settings, false);
    }

    /** For {@code replace run}: with the campaign's ledger. */
    public static ReplaceContext forRun(RuntimeSettings settings) {
        return new ReplaceContext(settings, true);
    }

    public ReadBack readBack() {
        return new ReadBack(catalog, chunkIndex, new ChunkTiers(warm, cold), ReassemblyConfig.defaults());
    }

    /** A scratch directory of this campaign's re-placement. */
    public Path scratch() {
        return settings.campaignDir().resolve("replace");
    }

    private Tier open(RuntimeSettings.TierChoice choice, EmbeddedS3 s3) {
        Tier bare = CampaignTiers.bare(choice, s3);
        RequestListener listener = null;
        if (ledger != null) {
            CostMeter meter = ledger.meter(CampaignLedger.Writer.REPLACE);
            listener = meter::onRequest;
        }
        return push(Tiers.resilient(bare, settings.resilience().tier(), listener));
    }

    private <T extends AutoCloseable> T push(T c) {
        closeables.push(c);
        return c;
    }

    private static String name(RuntimeSettings.TierChoice choice) {
        return CampaignTiers.name(choice);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
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
