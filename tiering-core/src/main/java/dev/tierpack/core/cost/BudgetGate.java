package dev.tierpack.core.cost;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, before each batch, whether its estimated cost still fits the {@link Budget}. Spending so
 * far comes from a {@link SpendTally} fed by the ledger; reservations of batches under way count as
 * spent until {@link Reservation#release() released} (once the batch's real cost is in the ledger).
 *
 * <p>Rules, checked in this order (months are calendar months in UTC, from the {@link Clock}):
 * <ol>
 *   <li>with a total cap: total spent + reserved + estimate must not exceed it, else
 *       {@link Reason#TOTAL_CAP} (no resume date: only a raised cap continues);
 *   <li>an estimate above the monthly cap can never fit: {@link Reason#BATCH_EXCEEDS_MONTHLY_CAP};
 *   <li>this month's spending + reserved + estimate must not exceed the monthly cap, else
 *       {@link Reason#MONTHLY_CAP}, resuming on the first day of next month (UTC).
 * </ol>
 * Pure logic: no I/O, no sleeping; thread-safe.
 */
public final class BudgetGate {
    private final Budget budget;
    private final SpendTally spent;
    private final Clock clock;
    private BigDecimal reserved = Money.ZERO;
    private BigDecimal reservedRestores = Money.ZERO;

    public BudgetGate(Budget budget, SpendTally spent, Clock clock) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.spent = Objects.requireNonNull(spent, "spent");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Budget budget() {
        return budget;
    }

    /** Why a batch may not start. */
    public enum Reason {
        /** This month's spending would exceed the monthly cap; resumes next month or with a raised cap. */
        MONTHLY_CAP,
        /** The campaign's total spending would exceed the total cap; resumes only with a raised cap. */
        TOTAL_CAP,
        /** The batch alone costs more than the monthly cap: raise the cap or make batches smaller. */
        BATCH_EXCEEDS_MONTHLY_CAP,
        /** This month's restore spending would exceed the restore cap. */
        RESTORE_CAP
    }

    /** The answer to {@link #reserve}. */
    public sealed interface Decision permits Ok, Pause {}

    /** The batch may run; release the reservation once its cost is in the ledger. */
    public record Ok(Reservation reservation) implements Decision {}

    /**
     * The batch may not run.
     *
     * @param estimateUsd the batch's estimate
     * @param spentUsd what was already spent (this month, or in all for {@link Reason#TOTAL_CAP}), reservations included
     * @param capUsd the cap that would be exceeded
     * @param month the month the decision was taken in (UTC)
     * @param resumeOn the first day the batch may fit without a raised cap, if any
     */
    public record Pause(Reason reason, BigDecimal estimateUsd, BigDecimal spentUsd, BigDecimal capUsd, YearMonth month,
            Optional<LocalDate> resumeOn) implements Decision {
        /** An operator's one-line explanation, e.g. for the {@code paused: budget} state. */
        public String message() {
            String what = switch (reason) {
                case MONTHLY_CAP -> "monthly cap " + Money.format(capUsd) + " reached: " + Money.format(spentUsd)
                        + " spent in " + month;
                case TOTAL_CAP -> "total cap " + Money.format(capUsd) + " reached: " + Money.format(spentUsd) + " spent in all";
                case BATCH_EXCEEDS_MONTHLY_CAP -> "the next batch alone exceeds the monthly cap " + Money.format(capUsd);
                case RESTORE_CAP -> "restore cap " + Money.format(capUsd) + " reached: " + Money.format(spentUsd)
                        + " spent on restores in " + month;
            };
            String resume = resumeOn.map(d -> "resumes on " + d + " (UTC) or with a raised cap")
                    .orElse(reason == Reason.BATCH_EXCEEDS_MONTHLY_CAP ? "raise the cap or use smaller batches"
                            : "resumes with a raised cap");
            return "paused: budget: " + what + ", next batch needs " + Money.format(estimateUsd) + "; " + resume;
        }
    }

    /** An amount held against the caps until released. */
    public final class Reservation implements AutoCloseable {
        private final BigDecimal usd;
        private final boolean restore;
        private boolean released;

        private Reservation(BigDecimal usd, boolean restore) {
            this.usd = usd;
            this.restore = restore;
        }

        public BigDecimal usd() {
            return usd;
        }

        /** Gives the amount back (idempotent): call once the batch's real cost is in the ledger, or it was abandoned. */
        public void release() {
            synchronized (BudgetGate.this) {
                if (!released) {
                    released = true;
                    reserved = reserved.subtract(usd);
                    if (restore) {
                        reservedRestores = reservedRestores.subtract(usd);
                    }
                }
            }
        }

        @Override
        public void close() {
            release();
        }
    }

    /** Reserves {@code estimateUsd} for the next batch, or says why and until when it must wait. */
    public synchronized Decision reserve(BigDecimal estimateUsd) {
        Money.requireAmount(estimateUsd, "estimateUsd");
        BigDecimal estimate = Money.round(estimateUsd);
        YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        Optional<Pause> pause = check(estimate, month);
        if (pause.isPresent()) {
            return pause.get();
        }
        return hold(estimate, false);
    }

    /**
     * Reserves {@code estimateUsd} for a restore: the rules of {@link #reserve} plus, with a restore
     * cap, this month's restore spending + reserved restores + estimate must not exceed it.
     */
    public synchronized Decision reserveRestore(BigDecimal estimateUsd) {
        Money.requireAmount(estimateUsd, "estimateUsd");
        BigDecimal estimate = Money.round(estimateUsd);
        YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        Optional<Pause> pause = check(estimate, month);
        if (pause.isPresent()) {
            return pause.get();
        }
        if (budget.restoreCapUsd() != null) {
            BigDecimal restores = spent.restoresIn(month).add(reservedRestores);
            if (restores.add(estimate).compareTo(budget.restoreCapUsd()) > 0) {
                return new Pause(Reason.RESTORE_CAP, estimate, restores, budget.restoreCapUsd(), month,
                        Optional.of(month.plusMonths(1).atDay(1)));
            }
        }
        return hold(estimate, true);
    }

    /** Amount currently reserved by batches under way. */
    public synchronized BigDecimal reserved() {
        return reserved;
    }

    private Optional<Pause> check(BigDecimal estimate, YearMonth month) {
        if (budget.totalCapUsd() != null) {
            BigDecimal total = spent.total().add(reserved);
            if (total.add(estimate).compareTo(budget.totalCapUsd()) > 0) {
                return Optional.of(new Pause(Reason.TOTAL_CAP, estimate, total, budget.totalCapUsd(), month, Optional.empty()));
            }
        }
        BigDecimal thisMonth = spent.spentIn(month).add(reserved);
        if (estimate.compareTo(budget.monthlyCapUsd()) > 0) {
            return Optional.of(new Pause(Reason.BATCH_EXCEEDS_MONTHLY_CAP, estimate, thisMonth, budget.monthlyCapUsd(),
                    month, Optional.empty()));
        }
        if (thisMonth.add(estimate).compareTo(budget.monthlyCapUsd()) > 0) {
            return Optional.of(new Pause(Reason.MONTHLY_CAP, estimate, thisMonth, budget.monthlyCapUsd(), month,
                    Optional.of(month.plusMonths(1).atDay(1))));
        }
        return Optional.empty();
    }

    private Ok hold(BigDecimal estimate, boolean restore) {
        reserved = reserved.add(estimate);
        if (restore) {
            reservedRestores = reservedRestores.add(estimate);
        }
        return new Ok(new Reservation(estimate, restore));
    }
}
