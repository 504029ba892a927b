package dev.tierpack.campaign.replace;

import dev.tierpack.campaign.ledger.CampaignLedger;
import dev.tierpack.campaign.ledger.CampaignRestoreLedger;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.placement.PlacementPolicy;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.tier.RestoreStatus;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.publish.ManifestPublisher;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.restore.ColdRestorer;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.index.LocatedChunkReader;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.session.PackerConfig;
import dev.tierpack.packer.session.Repacker;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-placement of a migrated campaign when its placement inputs changed (docs/FORMAT.md 11.3).
 *
 * <p>{@link #plan}: the hot set of the current policy is computed into a scratch copy of the placement store and
 * compared with the catalog ({@link ReplacePlanner}); nothing is written.
 *
 * <p>{@link #run}, resumable at every step (a second invocation recomputes the plan from what is durable and goes on):
 * <ol>
 *   <li>the campaign's placement store gets the current policy's decisions ({@code explain} then says why);
 *   <li><b>cold → warm</b>: the cold packs that paths turning hot need are restored through {@link ColdRestorer}
 *       (budgeted: monthly and restore caps; restores already running or done cost nothing); while any is pending
 *       the run ends with {@code waiting: restore};
 *   <li>then, path by path (each reserving its estimated cost with the campaign's budget gate first; a refusal ends
 *       the run with {@code paused: budget}), every chunk the path needs that is only cold is read from the restored
 *       pack (one range GET per segment) and written into new warm packs ({@link Repacker}: pack and index object
 *       durable, then the chunk index, which prefers the warm copy), then the path's manifest is published again with
 *       placement warm (manifest pack durable, then the catalog);
 *   <li><b>warm → cold</b>: each path no longer hot whose catalog entry is warm gets its manifest published again with
 *       placement cold; then the warm data packs holding no chunk a hot path needs are copied into new cold packs,
 *       retired in the chunk index and deleted ({@link WarmPackSweep}, FORMAT 11.3 rules 4-6). Cold packs are never
 *       deleted.
 * </ol>
 * Every request (tier GETs and PUTs by role, restores) is priced into the campaign's ledger topic by the
 * {@link CampaignLedger.Writer#REPLACE} writer, committed after each step.
 */
public final class ReplaceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ReplaceRunner.class);
    private static final int FACTS_BATCH = 1000;

    private final ReplaceContext ctx;
    private final PlacementPolicy policy;
    private final RestoreTier retrieval;
    private final int days;
    private final Clock clock;

    public ReplaceRunner(ReplaceContext ctx, PlacementPolicy policy, RestoreTier retrieval, int days, Clock clock) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retrieval = Objects.requireNonNull(retrieval, "retrieval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (days < 1) {
            throw new ConfigException("restore days must be at least 1", "option", "--restore-days", "value", days);
        }
        this.days = days;
    }

    /** The plan under the current policy, computed on a scratch copy of the placement store: writes nothing else. */
    public ReplacePlan plan() {
        java.nio.file.Path scratch = ctx.scratch().resolve("placement-next");
        deleteTree(scratch);
        try (PlacementStore next = PlacementStore.open(scratch)) {
            List<dev.tierpack.core.placement.PathFacts> batch = new ArrayList<>(FACTS_BATCH);
            ctx.placement.eachFacts(f -> {
                batch.add(f);
                if (batch.size() == FACTS_BATCH) {
                    next.recordAll(batch);
                    batch.clear();
                }
            });
            next.recordAll(batch);
            next.compute(policy, clock);
            try (ReplacePlanner planner = planner(next)) {
                return planner.plan(ctx.settings.campaign(), retrieval);
            }
        } finally {
            deleteTree(scratch);
        }
    }

    /** Runs re-placement as far as restores and the budget allow. */
    public ReplaceResult run() throws IOException {
        CampaignLedger ledger = Objects.requireNonNull(ctx.ledger, "a run needs the campaign ledger");
        BigDecimal before = ledger.spentUsd();
        PlacementStore.Summary s = ctx.placement.compute(policy, clock);
        LOG.info("placement recomputed for re-placement: campaign={} known={} hot={}", ctx.settings.campaign(),
                s.known(), s.hotTotal());
        Counts n = new Counts();
        try (ReplacePlanner planner = planner(ctx.placement)) {
            ReplacePlan plan = planner.plan(ctx.settings.campaign(), retrieval);
            LOG.info("re-placement plan: campaign={} toWarm={} toCold={} coldPacks={} costUsd={}", plan.campaign(),
                    plan.toWarm().size(), plan.toCold().size(), plan.coldPacks().size(), plan.cost().totalUsd());
            Budget budget = ctx.settings.cost().budget().orElse(new Budget(new BigDecimal("1000000000"), null, null));
            BudgetGate gate = new BudgetGate(budget, ledger.spend(), clock);
            ReadBack readBack = ctx.readBack();
            ReplaceResult.Restores restores = new ReplaceResult.Restores(retrieval.name(), 0, 0, 0, List.of(),
                    Money.ZERO, "");
            String state = ReplaceResult.COMPLETE;
            try {
                if (!plan.coldPacks().isEmpty()) {
                    ColdRestorer restorer = new ColdRestorer(readBack, ctx.chunkIndex, ctx.cold,
                            ctx.settings.cost().tariff().prices(), gate,
                            new CampaignRestoreLedger(ledger, ctx.settings.campaign()), ctx.settings.campaign(), clock);
                    ColdRestorer.Outcome o = restorer.restore(plan.coldPacks(), retrieval, days);
                    Map<String, RestoreStatus> now = restorer.statuses(plan.coldPacks());
                    List<String> pending = now.values().stream().filter(r -> !r.readable()).map(RestoreStatus::key).toList();
                    restores = new ReplaceResult.Restores(retrieval.name(), o.started().size(),
                            o.alreadyInProgress().size(), o.alreadyAvailable().size(), pending, o.costUsd(),
                            o.eta().map(Instant::toString).orElse(""));
                    if (o.wasRefused()) {
                        state = o.refused().get().message();
                    } else if (!pending.isEmpty()) {
                        state = ReplaceResult.WAITING;
                    }
                }
                if (state.equals(ReplaceResult.COMPLETE)) {
                    state = toWarm(plan, planner, gate, readBack, n);
                }
                if (state.equals(ReplaceResult.COMPLETE)) {
                    state = toCold(plan, planner, gate, readBack, n);
                }
            } finally {
                ledger.flush();
            }
            BigDecimal spent = Money.round(ledger.spentUsd().subtract(before));
            LOG.info("re-placement ended: campaign={} state={} warmed={} cooled={} spentUsd={}", plan.campaign(), state,
                    n.warmed, n.cooled, spent);
            return new ReplaceResult(state, plan, restores, n.warmed, n.cooled, n.chunksToWarm, n.chunksToCold,
                    n.warmPacks, n.coldPacks, n.warmPacksDeleted, spent);
        }
    }

    private static final class Counts {
        long warmed;
        long cooled;
        long chunksToWarm;
        long chunksToCold;
        long warmPacks;
        long coldPacks;
        long warmPacksDeleted;
    }

    /** Cold → warm: copies, then manifests; returns the state. */
    private String toWarm(ReplacePlan plan, ReplacePlanner planner, BudgetGate gate, ReadBack readBack, Counts n)
            throws IOException {
        return move(plan.toWarm(), TierCode.WARM, planner, gate, readBack, n);
    }

    /**
     * Warm → cold: the paths no longer hot get their manifests again with placement cold (their chunks may stay in
     * warm packs, FORMAT 11.2), then the warm data packs holding no chunk a hot path needs move to cold packs and
     * are deleted ({@link WarmPackSweep}).
     */
    private String toCold(ReplacePlan plan, ReplacePlanner planner, BudgetGate gate, ReadBack readBack, Counts n)
            throws IOException {
        if (!plan.toCold().isEmpty()) {
            // the manifests published again: one manifest pack of about their narinfos' size
            long bytes = plan.toCold().stream().mapToLong(m -> 4096).sum();
            BudgetGate.Decision d = gate.reserve(planner.writeEstimate(dev.tierpack.core.cost.Role.WARM, bytes));
            if (d instanceof BudgetGate.Pause p) {
                return p.message();
            }
            try (BudgetGate.Reservation r = ((BudgetGate.Ok) d).reservation();
                    ManifestPublisher manifests = new ManifestPublisher(ctx.warm, ctx.chunkIndex, ctx.catalog,
                            ManifestPublisher.defaultPackConfig())) {
                long marked = 0;
                for (ReplacePlan.PathMove m : plan.toCold()) {
                    Optional<CatalogEntry> e = ctx.catalog.find(m.hashPart());
                    if (e.isPresent() && e.get().placement() == TierCode.WARM) {
                        manifests.add(readBack.manifest(e.get()).withPlacement(TierCode.COLD));
                        marked++;
                    }
                }
                manifests.flush();
                n.cooled += marked;
            }
            ctx.ledger.flush();
        }
        WarmPackSweep.Result swept = new WarmPackSweep(ctx.warm, ctx.cold, ctx.chunkIndex, planner::neededHot,
                layout(TierCode.COLD), ctx.settings.packSize(), gate, m -> planner.copyEstimate(m, TierCode.COLD)).run();
        ctx.ledger.flush();
        n.chunksToCold += swept.chunks();
        n.coldPacks += swept.coldPacks();
        n.warmPacksDeleted += swept.deleted();
        return swept.state();
    }

    /**
     * Moves the paths of {@code moves} to {@code target}: for each (budget first), its chunks into new packs of that
     * tier; then, once those packs are published, its manifest again with the new placement.
     */
    private String move(List<ReplacePlan.PathMove> moves, TierCode target, ReplacePlanner planner, BudgetGate gate,
            ReadBack readBack, Counts n) throws IOException {
        if (moves.isEmpty()) {
            return ReplaceResult.COMPLETE;
        }
        Tier to = target == TierCode.WARM ? ctx.warm : ctx.cold;
        Tier from = target == TierCode.WARM ? ctx.cold : ctx.warm;
        String state = ReplaceResult.COMPLETE;
        List<CatalogEntry> done = new ArrayList<>();
        try (Repacker packer = new Repacker(to, ctx.warm, ctx.chunkIndex, layout(target));
                ManifestPublisher manifests = new ManifestPublisher(ctx.warm, ctx.chunkIndex, ctx.catalog,
                        ManifestPublisher.defaultPackConfig());
                ChunkSet copied = new ChunkSet(ctx.scratch().resolve("copied"))) {
            SegmentCache segments = new SegmentCache(from);
            for (ReplacePlan.PathMove m : moves) {
                Optional<CatalogEntry> found = ctx.catalog.find(m.hashPart());
                if (found.isEmpty()) {
                    continue;
                }
                CatalogEntry entry = found.get();
                ReplacePlanner.Move what = target == TierCode.WARM ? planner.coldOnly(entry) : planner.movableToCold(entry);
                BudgetGate.Decision d = gate.reserve(planner.copyEstimate(what, target));
                if (d instanceof BudgetGate.Pause p) {
                    state = p.message();
                    break;
                }
                try (BudgetGate.Reservation r = ((BudgetGate.Ok) d).reservation()) {
                    List<Map.Entry<ChunkId, ChunkLocation>> chunks = new ArrayList<>(what.at().entrySet());
                    chunks.sort(Comparator.comparing((Map.Entry<ChunkId, ChunkLocation> c) -> c.getValue().packId().hex())
                            .thenComparingLong(c -> c.getValue().segmentOffset()));
                    for (Map.Entry<ChunkId, ChunkLocation> c : chunks) {
                        if (!copied.add(c.getKey())) {
                            continue; // another path of this run copied it
                        }
                        byte[] bytes = LocatedChunkReader.slice(segments.raw(c.getValue()), c.getKey(), c.getValue());
                        packer.add(c.getKey(), bytes);
                        if (target == TierCode.WARM) {
                            n.chunksToWarm++;
                        } else {
                            n.chunksToCold++;
                        }
                    }
                }
                done.add(entry);
            }
            packer.flush();
            if (target == TierCode.WARM) {
                n.warmPacks += packer.published().size();
            } else {
                n.coldPacks += packer.published().size();
            }
            for (CatalogEntry e : done) {
                manifests.add(readBack.manifest(e).withPlacement(target));
            }
            manifests.flush();
            if (target == TierCode.WARM) {
                n.warmed += done.size();
            } else {
                n.cooled += done.size();
            }
        }
        ctx.ledger.flush();
        return state;
    }

    /**
     * The last segment read, decoded: consecutive chunks of one segment cost one range GET and one decode. Package
     * visible for the sweep.
     */
    static final class SegmentCache {
        private final Tier tier;
        private String key;
        private long offset = -1;
        private byte[] raw;

        SegmentCache(Tier tier) {
            this.tier = tier;
        }

        byte[] raw(ChunkLocation at) throws IOException {
            if (!at.packKey().equals(key) || at.segmentOffset() != offset) {
                byte[] stored;
                try (InputStream in = tier.readRange(at.packKey(), at.segmentOffset(), at.segmentStoredLength())) {
                    stored = in.readNBytes(at.segmentStoredLength());
                }
                raw = LocatedChunkReader.decodeSegment(stored, at);
                key = at.packKey();
                offset = at.segmentOffset();
            }
            return raw;
        }
    }

    private PackWriterConfig layout(TierCode target) {
        PackerConfig d = PackerConfig.defaults(ctx.scratch());
        long pack = ctx.settings.packSize();
        int segment = (int) Math.min(PackWriterConfig.DEFAULT_SEGMENT_SIZE, Math.max(64 << 10, pack / 4));
        PackWriterConfig warm = new PackWriterConfig(pack, segment, d.warm().compression(), TierCode.WARM, ContentCode.DATA);
        return target == TierCode.WARM ? warm : PackerConfig.coldFor(warm);
    }

    private ReplacePlanner planner(PlacementStore decisions) {
        return new ReplacePlanner(decisions, ctx.catalog, ctx.chunkIndex, ctx.readBack(), ctx.settings.cost().tariff(),
                ctx.settings.packSize(), ctx.scratch());
    }

    private static void deleteTree(java.nio.file.Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete scratch directory " + dir, e);
        }
    }
}
