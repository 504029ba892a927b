package dev.tierpack.campaign.config;

import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.core.tier.TierSpec;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The cold tier of a campaign: {@code {type: embedded, storageClass: …}} or {@code {type: s3, …}}. Its
 * storage class is one of the archive classes (default DEEP_ARCHIVE); the cold tier is priced as S3 in
 * that class whatever its endpoint.
 */
public sealed interface ColdTierConfig {
    /** The tier's name in errors, metrics and the cost ledger. */
    String NAME = "cold";

    /** The storage class uploads are written in. */
    StorageClass storageClass();

    /** What {@link dev.tierpack.core.tier.Tiers#open} opens; see {@link WarmTierConfig#toSpec}. */
    TierSpec toSpec(Supplier<EmbeddedS3> embedded);

    /** The cold classes: GLACIER_IR, GLACIER, DEEP_ARCHIVE. */
    static StorageClass checkColdClass(StorageClass c) {
        if (c == null || c == StorageClass.STANDARD) {
            throw new ConfigException("cold storage class must be DEEP_ARCHIVE, GLACIER or GLACIER_IR", "key",
                    "storageClass", "value", c);
        }
        return c;
    }

    /** A bucket of the embedded S3 server (which accepts storage classes but serves archived objects directly). */
    record Embedded(String bucket, StorageClass storageClass) implements ColdTierConfig {
        public static final String DEFAULT_BUCKET = "tierpack-cold";

        public Embedded {
            Buckets.check(bucket, "bucket");
            checkColdClass(storageClass);
        }

        @Override
        public TierSpec toSpec(Supplier<EmbeddedS3> embedded) {
            return new TierSpec.Embedded(NAME, embedded.get(), bucket, storageClass.name());
        }
    }

    /**
     * An S3 bucket.
     *
     * @param prefix key prefix inside the bucket ("" for none)
     * @param endpoint endpoint override for S3-compatible servers, or null for AWS
     */
    record S3(String bucket, String prefix, String region, URI endpoint, StorageClass storageClass,
            TierCredentials credentials) implements ColdTierConfig {
        private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

        public S3 {
            Buckets.check(bucket, "bucket");
            prefix = prefix == null ? "" : prefix;
            if (prefix.startsWith("/")) {
                throw new ConfigException("prefix must not start with /", "key", "prefix", "value", prefix);
            }
            if (region == null || !REGION.matcher(region).matches()) {
                throw new ConfigException("expected an AWS region like us-east-1", "key", "region", "value", region);
            }
            if (endpoint != null && (!isHttp(endpoint)
                    || endpoint.getHost() == null || endpoint.getUserInfo() != null)) {
                throw new ConfigException("endpoint must be http(s)://host[:port]", "key", "endpoint", "value",
                        endpoint.getScheme() + "://" + endpoint.getHost());
            }
            checkColdClass(storageClass);
            Objects.requireNonNull(credentials, "credentials");
        }

        private static boolean isHttp(URI u) {
            return "http".equals(u.getScheme()) || "https".equals(u.getScheme());
        }

        @Override
        public TierSpec toSpec(Supplier<EmbeddedS3> embedded) {
            return new TierSpec.S3(NAME, bucket, prefix, region, endpoint, storageClass.name(), credentials);
        }
    }
}
