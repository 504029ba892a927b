package dev.tierpack.core.cost;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** An amount on one line of the bill. */
public record Charge(LineItem item, BigDecimal usd) {
    public Charge {
        Objects.requireNonNull(item, "item");
        Money.requireAmount(usd, "usd");
    }

    /** The sum of {@code charges}, at {@link Money#SCALE}. */
    public static BigDecimal total(List<Charge> charges) {
        BigDecimal sum = Money.ZERO;
        for (Charge c : charges) {
            sum = sum.add(c.usd());
        }
        return sum;
    }
}
