package dev.tierpack.campaign.config;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.tier.TierSpec;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The warm tier of a campaign: {@code {type: embedded}} or {@code {type: minio, …}}. */
public sealed interface WarmTierConfig {
    /** The tier's name in errors, metrics and the cost ledger. */
    String NAME = "warm";

    /**
     * What {@link dev.tierpack.core.tier.Tiers#open} opens. Nothing is started or contacted by this
     * call except through {@code embedded}, which is asked for the server only for an embedded tier.
     */
    TierSpec toSpec(Supplier<EmbeddedS3> embedded);

    /** A bucket of the embedded S3 server under the state directory. */
    record Embedded(String bucket) implements WarmTierConfig {
        public static final String DEFAULT_BUCKET = "tierpack-warm";

        public Embedded {
            Buckets.check(bucket, "bucket");
        }

        @Override
        public TierSpec toSpec(Supplier<EmbeddedS3> embedded) {
            return new TierSpec.Embedded(NAME, embedded.get(), bucket);
        }
    }

    /**
     * A MinIO bucket.
     *
     * @param endpoint {@code host:port}, no scheme ({@code tls} chooses it)
     * @param credentialsFile properties file with {@code accessKey=} and {@code secretKey=} (read when the tier opens)
     */
    record Minio(String endpoint, String bucket, Path credentialsFile, boolean tls) implements WarmTierConfig {
        private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");

        public Minio {
            if (endpoint == null || !HOST_PORT.matcher(endpoint).matches()) {
                throw new ConfigException("MinIO endpoint must be host:port without scheme or path", "key", "endpoint",
                        "value", endpoint);
            }
            Buckets.check(bucket, "bucket");
            Objects.requireNonNull(credentialsFile, "credentialsFile");
        }

        @Override
        public TierSpec toSpec(Supplier<EmbeddedS3> embedded) {
            return new TierSpec.Minio(NAME, endpoint, bucket, credentialsFile, tls);
        }
    }
}
