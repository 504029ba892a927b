package dev.tierpack.packer.verify;

import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestorePrice;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.tier.RestoreStart;
import dev.tierpack.core.tier.RestoreStatus;
import dev.tierpack.core.tier.Tier;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which cold packs {@code packer verify} reads in full. Cold packs get index-level checks; with a restore budget
 * ({@code --restore-budget USD}), a cold pack whose restored copy is readable is read and verified like a warm one,
 * and an archived one is restored (RestoreObject) while the restores requested in this run, priced with
 * {@link RestorePrice} at the pack's storage class and measured size, stay within the budget: it is read by a later
 * run, once available. Each restore request that started a restore is recorded as a {@code RESTORE} ledger entry.
 * Thread-safe.
 */
public final class ColdReads {
    private static final Logger LOG = LoggerFactory.getLogger(ColdReads.class);

    private final Tier cold;
    private final PriceTable prices;
    private final BigDecimal budgetUsd;
    private final RestoreTier tier;
    private final int days;
    private final Consumer<LedgerEntry> ledger;
    private final Clock clock;
    private BigDecimal spent = Money.ZERO;
    private final List<String> read = new ArrayList<>();
    private final List<String> restoreRequested = new ArrayList<>();
    private final List<String> inProgress = new ArrayList<>();
    private final List<String> overBudget = new ArrayList<>();

    /**
     * @param budgetUsd the most this run may spend on restores
     * @param ledger where restore costs go
     */
    public ColdReads(Tier cold, PriceTable prices, BigDecimal budgetUsd, RestoreTier tier, int days,
            Consumer<LedgerEntry> ledger, Clock clock) {
        this.cold = Objects.requireNonNull(cold, "cold");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.budgetUsd = Objects.requireNonNull(budgetUsd, "budgetUsd");
        if (budgetUsd.signum() < 0) {
            throw new IllegalArgumentException("restore budget must not be negative: " + budgetUsd);
        }
        this.tier = Objects.requireNonNull(tier, "tier");
        if (days < 1) {
            throw new IllegalArgumentException("restore days must be at least 1: " + days);
        }
        this.days = days;
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What this run did with cold packs. */
    public record Summary(List<String> read, List<String> restoreRequested, List<String> inProgress,
            List<String> overBudget, BigDecimal spentUsd) {}

    public synchronized Summary summary() {
        return new Summary(List.copyOf(read), List.copyOf(restoreRequested), List.copyOf(inProgress),
                List.copyOf(overBudget), spent);
    }

    /** Whether to read {@code packKey} in full now; requests its restore when archived and the budget allows. */
    boolean readNow(String packKey) {
        RestoreStatus s = cold.restoreStatus(packKey);
        switch (s.state()) {
            case NOT_ARCHIVED, AVAILABLE -> {
                synchronized (this) {
                    read.add(packKey);
                }
                return true;
            }
            case IN_PROGRESS -> {
                synchronized (this) {
                    inProgress.add(packKey);
                }
                return false;
            }
            case ARCHIVED -> {
                restoreIfAffordable(s);
                return false;
            }
        }
        return false;
    }

    private synchronized void restoreIfAffordable(RestoreStatus s) {
        RestorePrice p = prices.of(StorageClass.parse(s.storageClass())).restore().get(tier);
        if (p == null) {
            overBudget.add(s.key());
            LOG.warn("verify: restore tier not offered for the pack's class: pack={} class={} tier={}", s.key(),
                    s.storageClass(), tier);
            return;
        }
        BigDecimal cost = Money.round(p.cost(1, s.size()));
        if (spent.add(cost).compareTo(budgetUsd) > 0) {
            overBudget.add(s.key());
            return;
        }
        RestoreStart r;
        try {
            r = cold.requestRestore(s.key(), tier, days);
        } catch (TierpackException e) {
            overBudget.add(s.key());
            LOG.warn("verify: restore request failed: pack={} reason={}", s.key(), e.getMessage());
            return;
        }
        if (r == RestoreStart.STARTED) {
            spent = spent.add(cost);
            ledger.accept(new LedgerEntry(clock.instant(), "verify", Role.COLD, "RESTORE", 1, s.size(), cost));
            restoreRequested.add(s.key());
        } else {
            inProgress.add(s.key());
        }
    }
}
