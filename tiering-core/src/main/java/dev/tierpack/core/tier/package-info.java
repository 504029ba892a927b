/**
 * Storage tiers: where packs and index objects are written (warm: MinIO; cold: S3 with an archive
 * storage class), behind one narrow interface, {@link dev.tierpack.core.tier.Tier}.
 *
 * <ul>
 *   <li>Backends: {@link dev.tierpack.core.tier.S3Tier} (AWS SDK v2) and
 *       {@link dev.tierpack.core.tier.MinioTier} (MinIO SDK). Uploads are streamed through one part
 *       buffer (default 16 MiB, minimum 5 MiB): an object of at most one part is one PUT, a larger
 *       one a multipart upload; memory is one part whatever the object's size.
 *   <li>Decorators, each wrapping a tier: {@link dev.tierpack.core.tier.RetryingTier} (backoff,
 *       Retry-After, per-part and mid-read resumption), {@link dev.tierpack.core.tier.RateLimitedTier}
 *       (requests/s, bytes/s) and {@link dev.tierpack.core.tier.MeteredTier} (every request, by
 *       {@link dev.tierpack.core.tier.RequestKind}, to a {@link dev.tierpack.core.tier.RequestListener}).
 *       They see each request because {@code upload} and {@code list} are built on the request-level
 *       {@code uploadRequests} and {@code listPage}; {@link dev.tierpack.core.tier.InterceptingTier} sends each
 *       of those requests through one method where a decorator states its policy
 *       ({@link dev.tierpack.core.tier.GuardedTier} for a circuit breaker or a bulkhead).
 *   <li>Configuration: {@link dev.tierpack.core.tier.TierSpec} records, opened by
 *       {@link dev.tierpack.core.tier.Tiers}; secrets come from files or the environment only.
 *   <li>Errors: {@link dev.tierpack.core.error.TierException} with tier, op, key, status, code and a
 *       {@code retryable} flag; {@link dev.tierpack.core.error.TierObjectNotFoundException} for a
 *       missing object.
 * </ul>
 *
 * Tests: {@code TierContract} (in the test-jar) is the behaviour every tier must show, and
 * {@code dev.tierpack.core.testing.FaultyS3Proxy} breaks real S3 wire traffic on demand.
 */
package dev.tierpack.core.tier;
