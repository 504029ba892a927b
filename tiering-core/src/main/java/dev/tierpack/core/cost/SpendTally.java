package dev.tierpack.core.cost;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spending per calendar month (UTC) and in all, summed from {@link LedgerEntry ledger entries}: feed
 * it the ledger topic on start, then every new entry, and a {@link BudgetGate} knows what was spent
 * whatever happened to earlier runs. Thread-safe; memory is one number per month.
 */
public final class SpendTally {
    private final Map<YearMonth, BigDecimal> byMonth = new TreeMap<>();
    private final Map<YearMonth, BigDecimal> restoresByMonth = new TreeMap<>();
    private BigDecimal total = Money.ZERO;

    /** Adds one entry (its month is that of its timestamp, in UTC). */
    public synchronized void add(LedgerEntry e) {
        YearMonth m = YearMonth.from(e.timestamp().atOffset(ZoneOffset.UTC));
        byMonth.merge(m, e.usd(), BigDecimal::add);
        if (e.kind().equals("RESTORE")) {
            restoresByMonth.merge(m, e.usd(), BigDecimal::add);
        }
        total = total.add(e.usd());
    }

    public synchronized BigDecimal spentIn(YearMonth month) {
        return byMonth.getOrDefault(month, Money.ZERO);
    }

    /** Spending on restores ({@code RESTORE} entries) in a month. */
    public synchronized BigDecimal restoresIn(YearMonth month) {
        return restoresByMonth.getOrDefault(month, Money.ZERO);
    }

    public synchronized BigDecimal total() {
        return total;
    }
}
