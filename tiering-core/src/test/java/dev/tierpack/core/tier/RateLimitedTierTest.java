package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.TierException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link RateLimitedTier} on the S3 backend through the proxy (which shows what was sent). */
class RateLimitedTierTest extends ProxyFixture {
    @Override
    String bucket() {
        return "limited";
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void requestsAreSpacedToTheRequestRate() {
        try (Tier t = new RateLimitedTier(viaProxy(ProxiedTiers.S3), new RateLimitedTier.Limits(20, 0, Duration.ofSeconds(5)))) {
            t.stat("warm-up");
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                assertThat(t.stat("k" + i)).isEmpty();
            }
            // 20/s is one request per 50 ms: ten more requests need at least nine more periods
            assertThat(millisSince(t0)).isGreaterThanOrEqualTo(9 * 50 - 20);
        }
        assertThat(proxy.requests()).hasSize(11);
    }

    @Test
    void bodiesAreHeldToTheByteRate() {
        try (Tier t = new RateLimitedTier(viaProxy(ProxiedTiers.S3),
                new RateLimitedTier.Limits(0, 2L * MIB, Duration.ofSeconds(5)))) {
            long t0 = System.nanoTime();
            TierContract.put(t, "one-mib", TestData.bytes(1, 0, MIB));
            assertThat(millisSince(t0)).as("1 MiB up at 2 MiB/s").isGreaterThanOrEqualTo(450);

            t0 = System.nanoTime();
            assertThat(TierContract.read(t, "one-mib")).isEqualTo(TestData.bytes(1, 0, MIB));
            assertThat(millisSince(t0)).as("1 MiB down at 2 MiB/s").isGreaterThanOrEqualTo(450);
        }
    }

    @Test
    void aRequestThatWouldWaitTooLongFailsRetryablyWithoutBeingSent() {
        try (Tier t = new RateLimitedTier(viaProxy(ProxiedTiers.S3), new RateLimitedTier.Limits(1, 0, Duration.ofMillis(10)))) {
            t.stat("first");
            assertThatThrownBy(() -> t.stat("second")).isInstanceOfSatisfying(TierException.class, e -> {
                assertThat(e.code()).isEqualTo("LocalRateLimit");
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("key=second", "op=head");
            });
        }
        assertThat(proxy.requests()).hasSize(1);
    }
}
