package dev.tierpack.core.s3;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds synchronous AWS SDK v2 S3 clients that work against AWS S3 and S3-compatible servers
 * (S3Proxy, MinIO, Ceph): the Apache HTTP client, and flexible checksums only when an operation
 * requires them (many compatible servers reject or ignore the newer trailing-checksum encodings).
 * Object integrity is checked by tierpack itself against the hashes Nix records, not by the SDK.
 */
public final class S3Clients {
    private S3Clients() {}

    /**
     * @param endpoint endpoint override, or null for the region's AWS endpoint
     * @param pathStyle address buckets as {@code endpoint/bucket/key} instead of virtual hosts
     */
    public static S3Client create(URI endpoint, Region region, boolean pathStyle, AwsCredentialsProvider credentials) {
        return builder(endpoint, region, pathStyle, credentials).build();
    }

    /**
     * A client for uploads and retrying callers: the SDK's own retries are off (the caller, e.g.
     * {@code RetryingTier}, decides, and every attempt is seen and counted), and so is aws-chunked
     * payload signing, which on plain-HTTP endpoints allocates a fresh buffer for every 128 KiB of
     * every body; without it a signed body is hashed once in place and sent with its
     * Content-Length.
     */
    public static S3Client createWithoutRetries(URI endpoint, Region region, boolean pathStyle,
            AwsCredentialsProvider credentials) {
        return builder(endpoint, region, pathStyle, credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .build();
    }

    private static S3ClientBuilder builder(URI endpoint, Region region, boolean pathStyle,
            AwsCredentialsProvider credentials) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        S3ClientBuilder builder = S3Client.builder()
                .region(region)
                .forcePathStyle(pathStyle)
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
