package dev.tierpack.campaign.placement;

import dev.tierpack.campaign.lister.NarinfoReader;
import dev.tierpack.campaign.lister.Lister;
import dev.tierpack.campaign.worker.BatchWorker;
import dev.tierpack.core.placement.PathFacts;
import dev.tierpack.core.placement.PlacementPolicy;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.placement.PlacementTier;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.packer.format.TierCode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement of one campaign: facts from the lister into the campaign's placement store (under
 * {@code campaigns/<name>/placement/}), the hot set computed from them when the worker is about to pack, and each
 * store path's tier from it. The decisions stay in the store for {@code tierpack explain}.
 */
public final class CampaignPlacement implements BatchWorker.Placement, Lister.PageFacts, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignPlacement.class);

    private final PlacementStore store;
    private final PlacementPolicy policy;
    private final Clock clock;

    public CampaignPlacement(PlacementStore store, PlacementPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!policy.active()) {
            store.compute(policy, clock); // no policy: everything warm, and explain says so
        }
    }

    /** The placement store of a campaign directory. */
    public static Path storeDir(Path campaignDir) {
        return campaignDir.resolve("placement");
    }

    /** Opens the campaign's placement store. */
    public static CampaignPlacement open(Path campaignDir, PlacementPolicy policy) {
        return new CampaignPlacement(PlacementStore.open(storeDir(campaignDir)), policy, Clock.systemUTC());
    }

    public PlacementStore store() {
        return store;
    }

    @Override
    public boolean active() {
        return policy.active();
    }

    @Override
    public void prepare() {
        PlacementStore.Summary s = store.compute(policy, clock);
        LOG.info("placement computed: known={} hot={} byRule={}", s.known(), s.hotTotal(), s.hot());
    }

    @Override
    public TierCode tier(String hashPart) {
        if (!policy.active()) {
            return TierCode.WARM;
        }
        return store.decide(hashPart).tier() == PlacementTier.WARM ? TierCode.WARM : TierCode.COLD;
    }

    @Override
    public void record(List<NarinfoReader.Outcome.Work> work, List<SourceObject> page) {
        Map<String, Long> modified = HashMap.newHashMap(page.size());
        for (SourceObject o : page) {
            modified.put(o.key(), o.lastModified().toEpochMilli());
        }
        List<PathFacts> facts = new ArrayList<>(work.size());
        for (NarinfoReader.Outcome.Work w : work) { // parsed once, by the lister's reader
            facts.add(PathFacts.of(w.info(), modified.getOrDefault(w.record().narinfoKey(), -1L)));
        }
        store.recordAll(facts);
    }

    @Override
    public void close() {
        store.close();
    }
}
