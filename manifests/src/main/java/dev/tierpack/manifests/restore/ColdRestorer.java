package dev.tierpack.manifests.restore;

import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestorePrice;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.tier.RestoreStart;
import dev.tierpack.core.tier.RestoreStatus;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.ingest.ChunkRef;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore workflow for cold store paths:
 * <ol>
 *   <li>{@link #needs}: the cold packs a store path's manifest needs, found through the chunk index (manifests, index
 *       objects and narinfos always live warm, so this needs no restore);
 *   <li>{@link #statuses}: one HeadObject per pack ({@code x-amz-restore});
 *   <li>{@link #restore}: prices the packs still archived ({@link RestorePrice} of their storage class and the
 *       retrieval tier), reserves that amount under the restore cap ({@link BudgetGate#reserveRestore}; nothing is
 *       requested when it does not fit), sends one {@code RestoreObject} per pack, and records what the requests
 *       that started a restore cost in the {@link RestoreLedger};
 *   <li>the ETA: the request time plus AWS's upper bound for the class and tier ({@link RestoreTimes}).
 * </ol>
 * Available restored copies are remembered until they expire (per the clock), so serving a restored path does not
 * HEAD its packs on every request. Thread-safe; {@link #restore} is serialized so concurrent callers never pay twice.
 */
public final class ColdRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(ColdRestorer.class);
    private static final int LOCATION_BATCH = 1024;

    private final ReadBack readBack;
    private final ChunkIndex index;
    private final Tier cold;
    private final PriceTable prices;
    private final BudgetGate gate;
    private final RestoreLedger ledger;
    private final String campaign;
    private final Clock clock;
    private final Map<String, RestoreStatus> available = new ConcurrentHashMap<>();
    private final Map<String, Instant> readyBy = new ConcurrentHashMap<>();

    /**
     * @param cold the cold tier (archived packs)
     * @param gate the budget whose restore cap limits {@link #restore}; its tally must be fed by {@code ledger}
     * @param campaign the name ledger entries carry
     */
    public ColdRestorer(ReadBack readBack, ChunkIndex index, Tier cold, PriceTable prices, BudgetGate gate,
            RestoreLedger ledger, String campaign, Clock clock) {
        this.readBack = Objects.requireNonNull(readBack, "readBack");
        this.index = Objects.requireNonNull(index, "index");
        this.cold = Objects.requireNonNull(cold, "cold");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.campaign = Objects.requireNonNull(campaign, "campaign");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What one store path needs from the cold tier. */
    public record PathNeeds(CatalogEntry entry, List<String> packs) {
        public PathNeeds {
            Objects.requireNonNull(entry, "entry");
            packs = List.copyOf(packs);
        }

        public String storePath() {
            return entry.storePath().toString();
        }
    }

    /**
     * Where a set of packs stands, least ready first: {@code ARCHIVED} if any pack is archived without a restore,
     * else {@code IN_PROGRESS} if any restore runs, else {@code AVAILABLE} (or {@code NOT_ARCHIVED} if no pack is
     * archived at all).
     */
    public static RestoreStatus.State overall(Collection<RestoreStatus> packs) {
        RestoreStatus.State worst = RestoreStatus.State.NOT_ARCHIVED;
        for (RestoreStatus s : packs) {
            RestoreStatus.State st = s.state();
            if (st == RestoreStatus.State.ARCHIVED) {
                return st;
            }
            if (st == RestoreStatus.State.IN_PROGRESS || (st == RestoreStatus.State.AVAILABLE
                    && worst == RestoreStatus.State.NOT_ARCHIVED)) {
                worst = st;
            }
        }
        return worst;
    }

    /** What a {@link #restore} did. */
    public record Outcome(RestoreTier tier, int days, List<String> started, List<String> alreadyInProgress,
            List<String> alreadyAvailable, long restoredBytes, BigDecimal costUsd, Optional<Instant> eta,
            Optional<BudgetGate.Pause> refused) {
        public Outcome {
            started = List.copyOf(started);
            alreadyInProgress = List.copyOf(alreadyInProgress);
            alreadyAvailable = List.copyOf(alreadyAvailable);
        }

        public boolean wasRefused() {
            return refused.isPresent();
        }
    }

    /**
     * Resolves store paths (full paths, base names or hash parts) in the catalog and lists the cold packs each needs.
     *
     * @throws ConfigException naming the first store path that is not catalogued
     */
    public List<PathNeeds> plan(Collection<String> storePaths) throws IOException {
        List<PathNeeds> out = new ArrayList<>();
        for (String p : storePaths) {
            CatalogEntry e = readBack.lookup(p).orElseThrow(() -> new ConfigException(
                    "store path is not in the catalog", "storePath", p));
            out.add(needs(e));
        }
        return out;
    }

    /** The cold packs a catalogued store path needs, in first-use order (none for a warm path). */
    public PathNeeds needs(CatalogEntry entry) throws IOException {
        if (entry.placement() == TierCode.WARM) {
            return new PathNeeds(entry, List.of());
        }
        Manifest m = readBack.manifest(entry);
        Set<String> packs = new LinkedHashSet<>();
        List<ChunkId> batch = new ArrayList<>(LOCATION_BATCH);
        for (List<ChunkRef> file : m.layout().files()) {
            for (ChunkRef r : file) {
                batch.add(r.id());
                if (batch.size() == LOCATION_BATCH) {
                    collect(batch, packs, entry);
                }
            }
        }
        collect(batch, packs, entry);
        return new PathNeeds(entry, new ArrayList<>(packs));
    }

    private void collect(List<ChunkId> batch, Set<String> packs, CatalogEntry entry) {
        if (batch.isEmpty()) {
            return;
        }
        Map<ChunkId, ChunkLocation> at = index.findAll(batch);
        for (ChunkId id : batch) {
            ChunkLocation l = at.get(id);
            if (l == null) {
                throw new dev.tierpack.core.error.IntegrityException("chunk named by the manifest is not in the chunk index",
                        "storePath", entry.hashPart(), "chunk", id);
            }
            if (l.tier() == TierCode.COLD) {
                packs.add(l.packKey());
            }
        }
        batch.clear();
    }

    /** The packs of several store paths, each once, in order. */
    public static List<String> packsOf(Collection<PathNeeds> needs) {
        Set<String> all = new LinkedHashSet<>();
        needs.forEach(n -> all.addAll(n.packs()));
        return new ArrayList<>(all);
    }

    /** Where each pack stands now: one HeadObject per pack, except restored copies known to be available still. */
    public Map<String, RestoreStatus> statuses(Collection<String> packKeys) {
        Map<String, RestoreStatus> out = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (String key : packKeys) {
            RestoreStatus known = available.get(key);
            if (known != null && now.isBefore(known.availableUntil())) {
                out.put(key, known);
                continue;
            }
            RestoreStatus s = cold.restoreStatus(key);
            if (s.state() == RestoreStatus.State.AVAILABLE) {
                available.put(key, s);
                readyBy.remove(key);
            } else {
                available.remove(key);
            }
            out.put(key, s);
        }
        return out;
    }

    /** When the restore of a pack this process requested should be done at the latest, if it requested one. */
    public Optional<Instant> readyBy(String packKey) {
        return Optional.ofNullable(readyBy.get(packKey));
    }

    /** The latest {@link #readyBy} of the packs not yet readable, if this process requested all their restores. */
    public Optional<Instant> eta(Map<String, RestoreStatus> statuses) {
        Instant eta = null;
        for (RestoreStatus s : statuses.values()) {
            if (s.readable()) {
                continue;
            }
            Instant r = readyBy.get(s.key());
            if (r == null) {
                return Optional.empty();
            }
            eta = eta == null || r.isAfter(eta) ? r : eta;
        }
        return Optional.ofNullable(eta);
    }

    /** What restoring the archived ones of {@code statuses} with {@code tier} would cost, in USD. */
    public BigDecimal cost(Collection<RestoreStatus> statuses, RestoreTier tier) {
        BigDecimal sum = Money.ZERO;
        for (RestoreStatus s : statuses) {
            if (s.state() == RestoreStatus.State.ARCHIVED) {
                sum = sum.add(price(s, tier).cost(1, s.size()));
            }
        }
        return Money.round(sum);
    }

    private RestorePrice price(RestoreStatus s, RestoreTier tier) {
        StorageClass cls = StorageClass.parse(s.storageClass());
        RestorePrice p = prices.of(cls).restore().get(tier);
        if (p == null) {
            throw new ConfigException("restore tier not offered for the pack's storage class", "pack", s.key(),
                    "storageClass", cls, "restoreTier", tier);
        }
        return p;
    }

    /**
     * Requests restores of the packs among {@code packKeys} that are archived, if their cost fits the restore cap.
     * Packs already being restored or available are left alone (and cost nothing).
     *
     * @param days how long restored copies stay readable
     */
    public synchronized Outcome restore(Collection<String> packKeys, RestoreTier tier, int days) {
        Objects.requireNonNull(tier, "tier");
        if (days < 1) {
            throw new ConfigException("restore days must be at least 1", "days", days);
        }
        Map<String, RestoreStatus> now = statuses(packKeys);
        List<RestoreStatus> archived = now.values().stream()
                .filter(s -> s.state() == RestoreStatus.State.ARCHIVED).toList();
        List<String> started = new ArrayList<>();
        List<String> inProgress = new ArrayList<>();
        List<String> ready = new ArrayList<>();
        now.values().forEach(s -> {
            if (s.state() == RestoreStatus.State.IN_PROGRESS) {
                inProgress.add(s.key());
            } else if (s.readable()) {
                ready.add(s.key());
            }
        });
        if (archived.isEmpty()) {
            return new Outcome(tier, days, started, inProgress, ready, 0, Money.ZERO, eta(now), Optional.empty());
        }
        for (RestoreStatus s : archived) {
            RestoreTimes.upperBound(StorageClass.parse(s.storageClass()), tier); // refuses Expedited on DEEP_ARCHIVE
        }
        BigDecimal estimate = cost(archived, tier);
        BudgetGate.Decision d = gate.reserveRestore(estimate);
        if (d instanceof BudgetGate.Pause pause) {
            LOG.warn("restore refused by the budget: packs={} estimateUsd={} {}", archived.size(),
                    Money.format(estimate), pause.message());
            return new Outcome(tier, days, started, inProgress, ready, 0, Money.ZERO, eta(now), Optional.of(pause));
        }
        BudgetGate.Reservation reservation = ((BudgetGate.Ok) d).reservation();
        BigDecimal spent = Money.ZERO;
        long bytes = 0;
        try {
            for (RestoreStatus s : archived) {
                Instant at = clock.instant();
                RestoreStart r = cold.requestRestore(s.key(), tier, days);
                switch (r) {
                    case STARTED -> {
                        started.add(s.key());
                        spent = spent.add(price(s, tier).cost(1, s.size()));
                        bytes += s.size();
                        readyBy.put(s.key(), at.plus(RestoreTimes.upperBound(StorageClass.parse(s.storageClass()), tier)));
                    }
                    case ALREADY_IN_PROGRESS -> inProgress.add(s.key());
                    case ALREADY_AVAILABLE -> ready.add(s.key());
                }
            }
        } finally {
            if (!started.isEmpty()) {
                ledger.record(new LedgerEntry(clock.instant(), campaign, Role.COLD, "RESTORE", started.size(), bytes,
                        Money.round(spent)));
            }
            reservation.release();
        }
        Outcome out = new Outcome(tier, days, started, inProgress, ready, bytes, Money.round(spent),
                eta(statusesAfter(now, started, inProgress)), Optional.empty());
        LOG.info("restores requested: tier={} days={} started={} inProgress={} available={} bytes={} costUsd={} eta={}",
                tier, days, started.size(), inProgress.size(), ready.size(), bytes, Money.format(out.costUsd()),
                out.eta().map(Instant::toString).orElse("unknown"));
        return out;
    }

    /** The statuses after requests: started ones count as in progress (no new HEAD). */
    private static Map<String, RestoreStatus> statusesAfter(Map<String, RestoreStatus> before, List<String> started,
            List<String> inProgress) {
        Map<String, RestoreStatus> m = new LinkedHashMap<>(before);
        for (String k : started) {
            RestoreStatus b = before.get(k);
            m.put(k, new RestoreStatus(k, RestoreStatus.State.IN_PROGRESS, b.storageClass(), b.size(), null));
        }
        for (String k : inProgress) {
            RestoreStatus b = before.get(k);
            if (b != null && b.state() == RestoreStatus.State.ARCHIVED) {
                m.put(k, new RestoreStatus(k, RestoreStatus.State.IN_PROGRESS, b.storageClass(), b.size(), null));
            }
        }
        return m;
    }

    /** Seconds from now until {@code eta}, at least 1 (for Retry-After). */
    public long secondsUntil(Instant eta) {
        return Math.max(1, Duration.between(clock.instant(), eta).toSeconds());
    }

    public Clock clock() {
        return clock;
    }
}
