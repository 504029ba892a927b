package dev.tierpack.campaign.ledger;

import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.BudgetGate;
import dev.tierpack.core.cost.Money;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaign's {@link BudgetHook}: a {@link BudgetGate} over the ledger's spend tally (the committed ledger plus
 * everything priced in this process). Before each batch and each listing page it reserves an upper bound of its
 * cost ({@link BatchCostEstimate}); a batch's reservation is held until the batch is committed (its real cost is in the
 * tally by then), a page's until the next page is reserved (it covers that page's LIST request); one more, held for
 * the whole run, covers the report's listing of the tiers after the last batch. When a cap would be exceeded the campaign pauses with state
 * {@code paused: budget: <cap> reached: <spent> …; resumes on <date> (UTC) or with a raised cap}.
 *
 * <p>The worker and the lister call from one thread each; the gate is thread-safe.
 */
public final class LedgerBudget implements BudgetHook {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerBudget.class);
    private static final String PREFIX = "paused: ";

    private final BudgetGate gate;
    private final BatchCostEstimate estimate;
    private final CampaignLedger ledger;
    private volatile BudgetGate.Reservation batch;
    private volatile BudgetGate.Reservation page;
    private volatile String lastPause = "";
    private BudgetGate.Reservation endOfRun;

    public LedgerBudget(CampaignLedger ledger, Budget budget, BatchCostEstimate estimate) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.gate = new BudgetGate(Objects.requireNonNull(budget, "budget"), ledger.spend(), ledger.cost().clock());
        this.estimate = Objects.requireNonNull(estimate, "estimate");
    }

    public BudgetGate gate() {
        return gate;
    }

    /** The last pause message, or empty. */
    public String lastPause() {
        return lastPause;
    }

    @Override
    public Decision reserve(BatchEstimate e) {
        release(batch);
        batch = null;
        return holdAfterEndOfRun(estimate.batch(e), r -> batch = r);
    }

    @Override
    public void record(BatchUsage usage) {
        release(batch);
        batch = null;
    }

    @Override
    public Decision reservePage(PageEstimate e) {
        release(page); // held until now: it covered this page's LIST request
        page = null;
        return holdAfterEndOfRun(estimate.page(e), r -> page = r);
    }

    @Override
    public void pageDone() {
        // the reservation stays until the next page's: it covers that page's LIST request, made before reservePage
    }

    /**
     * Holds, for the whole run, what the run spends after its last batch: the report lists both tiers (one LIST per
     * 1,000 objects, counted from the objects the ledger saw written, plus margin).
     */
    private synchronized Decision reserveEndOfRun() {
        if (endOfRun != null) {
            return Decision.PROCEED;
        }
        return hold(estimate.endOfRun(ledger.totals()), r -> endOfRun = r);
    }

    /** The end of the run reserved first ({@link #reserveEndOfRun}), then {@code usd} as {@link #hold} does. */
    private Decision holdAfterEndOfRun(BigDecimal usd, Consumer<BudgetGate.Reservation> into) {
        Decision end = reserveEndOfRun();
        return end.proceed() ? hold(usd, into) : end;
    }

    /** Reserves {@code usd} with the gate and hands the reservation {@code into} its holder, or pauses. */
    private Decision hold(BigDecimal usd, Consumer<BudgetGate.Reservation> into) {
        return switch (gate.reserve(usd)) {
            case BudgetGate.Ok ok -> {
                into.accept(ok.reservation());
                yield Decision.PROCEED;
            }
            case BudgetGate.Pause p -> pause(p);
        };
    }

    private Decision pause(BudgetGate.Pause p) {
        String message = message(p);
        lastPause = message;
        LOG.info("budget cap reached: campaign spentUsd={} capUsd={} message={}", ledger.spentUsd().toPlainString(),
                p.capUsd().toPlainString(), message);
        return Decision.pause(message.startsWith(PREFIX) ? message.substring(PREFIX.length()) : message);
    }

    /**
     * The gate's message, with what the ledger says was spent (the gate's figure includes reservations of work
     * under way): {@code paused: budget: monthly cap $250.00 reached: $249.10 spent in 2026-01, the next batch needs
     * about $1.20; resumes on 2026-02-01 (UTC) or with a raised cap}.
     */
    private String message(BudgetGate.Pause p) {
        String spent = switch (p.reason()) {
            case MONTHLY_CAP -> "monthly cap " + Money.format(p.capUsd()) + " reached: "
                    + Money.format(ledger.spend().spentIn(p.month())) + " spent in " + p.month();
            case TOTAL_CAP -> "total cap " + Money.format(p.capUsd()) + " reached: " + Money.format(ledger.spentUsd())
                    + " spent in all";
            default -> null;
        };
        if (spent == null) {
            return p.message();
        }
        String resume = p.resumeOn().map(d -> "resumes on " + d + " (UTC) or with a raised cap").orElse("resumes with a raised cap");
        return PREFIX + "budget: " + spent + ", the next batch needs about " + Money.format(p.estimateUsd()) + "; " + resume;
    }

    private static void release(BudgetGate.Reservation r) {
        if (r != null) {
            r.release();
        }
    }
}
