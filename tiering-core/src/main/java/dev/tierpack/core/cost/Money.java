package dev.tierpack.core.cost;

import dev.tierpack.core.error.ConfigException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Money arithmetic in US dollars. Amounts are {@link BigDecimal}s with {@link #SCALE} decimal places
 * (picodollars), rounded half-even once per priced event, so that sums are exact and the same events
 * always add up to the same total, in any order.
 *
 * <p>A GB is 2<sup>30</sup> bytes, as AWS bills storage and transfer.
 */
public final class Money {
    /** Decimal places of every amount. */
    public static final int SCALE = 12;
    /** Bytes in a billed GB. */
    public static final long BYTES_PER_GB = 1L << 30;
    /** Zero at {@link #SCALE}. */
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private static final BigDecimal GB = BigDecimal.valueOf(BYTES_PER_GB);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Money() {}

    /** {@code count} requests at {@code pricePer1000} per thousand. */
    public static BigDecimal perThousand(BigDecimal pricePer1000, long count) {
        return round(pricePer1000.multiply(BigDecimal.valueOf(count)).divide(THOUSAND));
    }

    /** {@code bytes} at {@code pricePerGb} per GB (2<sup>30</sup> bytes). */
    public static BigDecimal perGb(BigDecimal pricePerGb, long bytes) {
        return round(pricePerGb.multiply(BigDecimal.valueOf(bytes)).divide(GB));
    }

    /** {@code bytes} in GB, exactly (2<sup>-30</sup> is a terminating decimal). */
    public static BigDecimal gb(long bytes) {
        return BigDecimal.valueOf(bytes).divide(GB);
    }

    /** Rounds to {@link #SCALE} places, half-even. */
    public static BigDecimal round(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /** {@code $1,234.57}: cents, for people; amounts below a cent with six places ({@code $0.000412}). */
    public static String format(BigDecimal usd) {
        if (usd.signum() != 0 && usd.abs().compareTo(new BigDecimal("0.01")) < 0) {
            // below a cent (small test campaigns, single batches): six places, so that amounts stay distinct
            return "$" + usd.setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        }
        return String.format(Locale.ROOT, "$%,.2f", usd.setScale(2, RoundingMode.HALF_EVEN));
    }

    /** An amount that must be present and not negative (a programming error otherwise). */
    static BigDecimal requireAmount(BigDecimal v, String what) {
        if (v == null || v.signum() < 0) {
            throw new IllegalArgumentException(what + " must be a non-negative amount: " + v);
        }
        return v;
    }

    /** A configured price: present and not negative, else a {@link ConfigException} naming the key. */
    static BigDecimal nonNegative(BigDecimal v, String what) {
        if (v == null) {
            throw new ConfigException("price is required", "key", what);
        }
        if (v.signum() < 0) {
            throw new ConfigException("price must not be negative", "key", what, "value", v.toPlainString());
        }
        return v;
    }
}
