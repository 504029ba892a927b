package dev.tierpack.core.tier;

import dev.tierpack.core.embedded.EmbeddedS3;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Tiers#open} opens. Holds no secret: credentials are named by file or environment
 * ({@link TierCredentials}), so a spec may be logged as it is.
 */
public sealed interface TierSpec {

    /** The tier's name ({@code warm}, {@code cold}); it appears in errors and metrics. */
    String name();

    /**
     * A bucket of the in-process {@link EmbeddedS3} server (tests, demo), created if missing,
     * through {@link S3Tier} with the server's own credentials.
     *
     * @param storageClass storage class of uploads, or null for STANDARD
     */
    record Embedded(String name, EmbeddedS3 server, String bucket, String storageClass) implements TierSpec {
        public Embedded {
            requireText(name, "name");
            Objects.requireNonNull(server, "server");
            requireText(bucket, "bucket");
        }

        public Embedded(String name, EmbeddedS3 server, String bucket) {
            this(name, server, bucket, null);
        }
    }

    /**
     * A MinIO bucket through {@link MinioTier}.
     *
     * @param endpoint {@code host:port} (no scheme: {@code tls} chooses it)
     * @param credentialsFile properties file with {@code accessKey=} and {@code secretKey=}
     * @param tls HTTPS if true, plain HTTP if false
     */
    record Minio(String name, String endpoint, String bucket, Path credentialsFile, boolean tls) implements TierSpec {
        public Minio {
            requireText(name, "name");
            requireText(endpoint, "endpoint");
            if (endpoint.contains("://") || endpoint.contains("/")) {
                throw new IllegalArgumentException("MinIO endpoint must be host:port without scheme or path: " + endpoint);
            }
            requireText(bucket, "bucket");
            Objects.requireNonNull(credentialsFile, "credentialsFile");
        }

        /** {@code http(s)://endpoint}. */
        public URI uri() {
            return URI.create((tls ? "https://" : "http://") + endpoint);
        }
    }

    /**
     * An S3 bucket (or prefix of one) through {@link S3Tier}.
     *
     * @param prefix key prefix inside the bucket, or null/empty for none
     * @param region the bucket's region
     * @param endpoint endpoint override for S3-compatible servers (path-style addressing is then
     *     used), or null for AWS
     * @param storageClass storage class of uploads ({@code DEEP_ARCHIVE}, {@code GLACIER},
     *     {@code GLACIER_IR}, …), or null for STANDARD
     */
    record S3(String name, String bucket, String prefix, String region, URI endpoint, String storageClass,
            TierCredentials credentials) implements TierSpec {
        public S3 {
            requireText(name, "name");
            requireText(bucket, "bucket");
            requireText(region, "region");
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
