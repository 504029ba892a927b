package dev.tierpack.core.cost;

import dev.tierpack.core.error.ConfigException;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A campaign's spending caps, in USD.
 *
 * @param monthlyCapUsd spend per calendar month (UTC) on requests and transfer; positive
 * @param totalCapUsd spend over the whole campaign, or null for none
 * @param restoreCapUsd spend per month on restores of cold data, or null for none
 */
public record Budget(BigDecimal monthlyCapUsd, BigDecimal totalCapUsd, BigDecimal restoreCapUsd) {
    public Budget {
        Objects.requireNonNull(monthlyCapUsd, "monthlyCapUsd");
        if (monthlyCapUsd.signum() <= 0) {
            throw new ConfigException("cap must be positive", "key", "monthlyCapUsd", "value", monthlyCapUsd.toPlainString());
        }
        if (totalCapUsd != null && totalCapUsd.signum() <= 0) {
            throw new ConfigException("cap must be positive", "key", "totalCapUsd", "value", totalCapUsd.toPlainString());
        }
        if (restoreCapUsd != null && restoreCapUsd.signum() < 0) {
            throw new ConfigException("cap must not be negative", "key", "restoreCapUsd", "value", restoreCapUsd.toPlainString());
        }
    }

    public static Budget monthly(String usd) {
        return new Budget(new BigDecimal(usd), null, null);
    }

    public Optional<BigDecimal> totalCap() {
        return Optional.ofNullable(totalCapUsd);
    }

    public Optional<BigDecimal> restoreCap() {
        return Optional.ofNullable(restoreCapUsd);
    }
}
