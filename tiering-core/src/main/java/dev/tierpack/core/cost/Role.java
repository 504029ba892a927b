package dev.tierpack.core.cost;

import java.util.Locale;

/**
 * What an endpoint is to a campaign. Prices apply by role, whatever the endpoint really is: a
 * {@code file://} source is priced as an S3 Standard bucket read over the internet, an embedded
 * cold tier as S3 in its configured storage class, so plans, budgets and tests stay meaningful.
 */
public enum Role {
    /** The bucket being migrated (S3 Standard requests, internet egress). */
    SOURCE,
    /** The warm tier (self-hosted MinIO: the configured warm prices). */
    WARM,
    /** The cold tier (S3 in an archive storage class). */
    COLD;

    /** {@code source}, {@code warm}, {@code cold}: the spelling in JSON and line item names. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role ofKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
