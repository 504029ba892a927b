package dev.tierpack.campaign.runtime;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.core.tier.Tiers;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A campaign's warm and cold tiers opened from its settings: a bucket of the embedded S3 server of the state dir
 * ({@code STATE_DIR/s3}) when a tier is {@link RuntimeSettings.TierChoice.Embedded}, else its {@link TierSpec}. The
 * tiers are bare (no resilience, no metering): the campaign runtime and re-placement wrap them; the maintenance
 * commands use them as they are (through {@code dev.tierpack.cli.CommandTiers}). Closes the tiers, then the
 * embedded server if this opened one.
 *
 * @param cold the cold tier, or null where there is none (a read-back command given no cold tier); a campaign's
 *     settings always have one
 * @param server the embedded server started for the tiers, or null when no tier is embedded
 */
public record CampaignTiers(Tier warm, Tier cold, EmbeddedS3 server) implements AutoCloseable {
    public CampaignTiers {
        Objects.requireNonNull(warm, "warm");
    }

    /** The tiers of {@code settings}, starting the embedded server of its state dir if a tier is embedded. */
    public static CampaignTiers open(RuntimeSettings settings) {
        return open(settings.warm(), settings.cold(), settings.stateDir());
    }

    /**
     * The tiers {@code warm} and {@code cold} (null: no cold tier); the embedded server, if a tier needs it, is the one
     * of {@code stateDir}.
     */
    public static CampaignTiers open(RuntimeSettings.TierChoice warm, RuntimeSettings.TierChoice cold, Path stateDir) {
        EmbeddedS3 s3 = null;
        Tier w = null;
        try {
            if (warm instanceof RuntimeSettings.TierChoice.Embedded || cold instanceof RuntimeSettings.TierChoice.Embedded) {
                s3 = EmbeddedS3.start(new StateDir(stateDir).embeddedS3(), 0);
            }
            w = bare(warm, s3);
            return new CampaignTiers(w, cold == null ? null : bare(cold, s3), s3);
        } catch (RuntimeException | Error e) {
            closeQuietly(w, e);
            closeQuietly(s3, e);
            throw e;
        }
    }

    /**
     * One tier of a campaign, bare. {@code s3} is the running embedded server of the state dir; it may be null when
     * the choice is not embedded.
     */
    public static Tier bare(RuntimeSettings.TierChoice choice, EmbeddedS3 s3) {
        return switch (choice) {
            case RuntimeSettings.TierChoice.Embedded e -> Tiers.open(new TierSpec.Embedded(e.name(), s3, e.bucket(), e.storageClass()));
            case RuntimeSettings.TierChoice.Spec s -> Tiers.open(s.spec());
        };
    }

    /** The tier's name (in errors, metrics and the cost ledger). */
    public static String name(RuntimeSettings.TierChoice choice) {
        return switch (choice) {
            case RuntimeSettings.TierChoice.Embedded e -> e.name();
            case RuntimeSettings.TierChoice.Spec s -> s.spec().name();
        };
    }

    @Override
    public void close() throws Exception {
        try (EmbeddedS3 a = server; Tier w = warm; Tier c = cold) {
            // closes in reverse order
        }
    }

    private static void closeQuietly(AutoCloseable c, Throwable into) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }
}
