package dev.tierpack.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetGateTest {
    static final Instant JUNE_END = Instant.parse("2025-06-30T23:59:59Z");
    static final Instant JULY_START = Instant.parse("2025-07-01T00:00:00Z");

    final SpendTally spent = new SpendTally();

    static BigDecimal usd(String s) {
        return new BigDecimal(s);
    }

    void spend(Instant at, String usd) {
        spent.add(new LedgerEntry(at, "demo", Role.COLD, "PUT", 1, 0, usd(usd)));
    }

    BudgetGate gate(Budget b, Instant now) {
        return new BudgetGate(b, spent, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aBatchThatWouldExceedTheMonthlyCapPausesUntilTheFirstOfNextMonth() {
        spend(Instant.parse("2025-06-10T08:00:00Z"), "9.50");
        BudgetGate.Decision d = gate(Budget.monthly("10"), JUNE_END).reserve(usd("0.75"));
        assertThat(d).isInstanceOf(BudgetGate.Pause.class);
        BudgetGate.Pause p = (BudgetGate.Pause) d;
        assertThat(p.reason()).isEqualTo(BudgetGate.Reason.MONTHLY_CAP);
        assertThat(p.resumeOn()).contains(LocalDate.of(2025, 7, 1));
        assertThat(p.spentUsd()).isEqualByComparingTo("9.50");
        assertThat(p.estimateUsd()).isEqualByComparingTo("0.75");
        assertThat(p.month()).isEqualTo(YearMonth.of(2025, 6));
        assertThat(p.message()).isEqualTo("paused: budget: monthly cap $10.00 reached: $9.50 spent in 2025-06, "
                + "next batch needs $0.75; resumes on 2025-07-01 (UTC) or with a raised cap");
        // exactly reaching the cap is allowed
        assertThat(gate(Budget.monthly("10"), JUNE_END).reserve(usd("0.50"))).isInstanceOf(BudgetGate.Ok.class);
    }

    @Test
    void aNewMonthStartsFromZero() {
        spend(Instant.parse("2025-06-10T08:00:00Z"), "9.50");
        assertThat(gate(Budget.monthly("10"), JULY_START).reserve(usd("9.99"))).isInstanceOf(BudgetGate.Ok.class);
        // and July's own spending counts in July
        spend(Instant.parse("2025-07-01T00:00:00Z"), "5");
        assertThat(gate(Budget.monthly("10"), JULY_START).reserve(usd("5.01"))).isInstanceOf(BudgetGate.Pause.class);
    }

    @Test
    void aRaisedCapContinues() {
        spend(Instant.parse("2025-06-10T08:00:00Z"), "9.50");
        assertThat(gate(Budget.monthly("10"), JUNE_END).reserve(usd("1"))).isInstanceOf(BudgetGate.Pause.class);
        assertThat(gate(Budget.monthly("20"), JUNE_END).reserve(usd("1"))).isInstanceOf(BudgetGate.Ok.class);
    }

    @Test
    void theTotalCapSpansMonthsAndHasNoResumeDate() {
        spend(Instant.parse("2025-04-10T08:00:00Z"), "40");
        spend(Instant.parse("2025-05-10T08:00:00Z"), "40");
        spend(Instant.parse("2025-06-10T08:00:00Z"), "19");
        Budget b = new Budget(usd("50"), usd("100"), null);
        BudgetGate.Pause p = (BudgetGate.Pause) gate(b, JULY_START).reserve(usd("2"));
        assertThat(p.reason()).isEqualTo(BudgetGate.Reason.TOTAL_CAP);
        assertThat(p.resumeOn()).isEmpty();
        assertThat(p.spentUsd()).isEqualByComparingTo("99");
        assertThat(p.message()).contains("total cap $100.00", "resumes with a raised cap");
        assertThat(gate(b, JULY_START).reserve(usd("1"))).isInstanceOf(BudgetGate.Ok.class);
        assertThat(gate(new Budget(usd("50"), usd("150"), null), JULY_START).reserve(usd("2")))
                .isInstanceOf(BudgetGate.Ok.class);
    }

    @Test
    void reservationsCountUntilReleased() {
        BudgetGate g = gate(Budget.monthly("10"), JUNE_END);
        BudgetGate.Ok a = (BudgetGate.Ok) g.reserve(usd("4"));
        assertThat(g.reserve(usd("4"))).isInstanceOf(BudgetGate.Ok.class);
        assertThat(g.reserved()).isEqualByComparingTo("8");
        BudgetGate.Pause p = (BudgetGate.Pause) g.reserve(usd("4"));
        assertThat(p.spentUsd()).isEqualByComparingTo("8");
        a.reservation().release();
        a.reservation().release(); // idempotent
        assertThat(g.reserved()).isEqualByComparingTo("4");
        assertThat(g.reserve(usd("4"))).isInstanceOf(BudgetGate.Ok.class);
    }

    @Test
    void aBatchLargerThanTheMonthlyCapCanNeverFit() {
        BudgetGate.Pause p = (BudgetGate.Pause) gate(Budget.monthly("10"), JUNE_END).reserve(usd("10.01"));
        assertThat(p.reason()).isEqualTo(BudgetGate.Reason.BATCH_EXCEEDS_MONTHLY_CAP);
        assertThat(p.resumeOn()).isEqualTo(Optional.empty());
        assertThat(p.message()).contains("raise the cap or use smaller batches");
    }

    @Test
    void restoresHaveTheirOwnMonthlyCap() {
        spent.add(new LedgerEntry(Instant.parse("2025-06-02T00:00:00Z"), "demo", Role.COLD, "RESTORE", 10,
                1L << 30, usd("4")));
        Budget b = new Budget(usd("100"), null, usd("5"));
        BudgetGate g = gate(b, JUNE_END);
        BudgetGate.Pause p = (BudgetGate.Pause) g.reserveRestore(usd("2"));
        assertThat(p.reason()).isEqualTo(BudgetGate.Reason.RESTORE_CAP);
        assertThat(p.resumeOn()).contains(LocalDate.of(2025, 7, 1));
        assertThat(g.reserveRestore(usd("1"))).isInstanceOf(BudgetGate.Ok.class);
        // ordinary batches are not held back by the restore cap
        assertThat(g.reserve(usd("50"))).isInstanceOf(BudgetGate.Ok.class);
        assertThat(spent.restoresIn(YearMonth.of(2025, 6))).isEqualByComparingTo("4");
    }
}
