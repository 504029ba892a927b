package dev.tierpack.core.tier;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.resilience.BreakerSettings;
import dev.tierpack.core.resilience.BulkheadSettings;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;

/**
 * The tier contract through the standard decorator stack ({@link Tiers#decorate}: retrying over
 * rate-limited over metered) on both backends, and through the full resilient stack
 * ({@link Tiers#resilient}): decorators must not change what a tier does.
 */
class DecoratedTierContractTest {
    static final RetryingTier.Settings RETRY =
            new RetryingTier.Settings(3, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(10), Duration.ofSeconds(1));
    static final RateLimitedTier.Limits LIMITS = new RateLimitedTier.Limits(10_000, 10L << 30, Duration.ofSeconds(10));

    @Nested
    class OverS3 extends TierContract {
        @Override
        protected Tier openTier(EmbeddedS3 server, String bucket, int partSize, int listPageSize) {
            Tier bare = S3Tier.builder("cold", bucket).endpoint(server.endpoint()).pathStyle(true)
                    .credentials(server.credentials().provider()).partSize(partSize).listPageSize(listPageSize).build();
            return Tiers.decorate(bare, RETRY, LIMITS, new RequestCounter());
        }
    }

    /** The full stack of {@link Tiers#resilient}: retry, circuit breaker, bulkhead, rate limits, metering. */
    @Nested
    class FullyDecoratedOverS3 extends TierContract {
        @Override
        protected Tier openTier(EmbeddedS3 server, String bucket, int partSize, int listPageSize) {
            Tier bare = S3Tier.builder("cold", bucket).endpoint(server.endpoint()).pathStyle(true)
                    .credentials(server.credentials().provider()).partSize(partSize).listPageSize(listPageSize).build();
            TierResilience all = new TierResilience(RETRY, BreakerSettings.defaults(),
                    new BulkheadSettings(4, Duration.ofSeconds(10)), LIMITS);
            return Tiers.resilient(bare, all, new RequestCounter());
        }

        /** The other nested suites already stream 200 MiB through the S3 tier. */
        @Override
        protected long memoryTestBytes() {
            return 48L * MIB;
        }
    }

    @Nested
    class OverMinio extends TierContract {
        @Override
        protected Tier openTier(EmbeddedS3 server, String bucket, int partSize, int listPageSize) {
            Tier bare = MinioTier.builder("warm", server.endpoint(), bucket).credentials(server.credentials())
                    .partSize(partSize).listPageSize(listPageSize).build();
            return Tiers.decorate(bare, RETRY, LIMITS, new RequestCounter());
        }

        @Override
        protected Predicate<Thread> clientThreads() {
            return t -> t.getName().startsWith("OkHttp");
        }

        /** The bare MinIO tier and the decorated S3 tier already stream 200 MiB; 48 MiB keeps this run short. */
        @Override
        protected long memoryTestBytes() {
            return 48L * MIB;
        }
    }
}
