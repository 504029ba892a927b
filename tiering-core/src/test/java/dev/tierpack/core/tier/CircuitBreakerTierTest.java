package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierObjectNotFoundException;
import dev.tierpack.core.error.TierUnavailableException;
import dev.tierpack.core.resilience.BreakerSettings;
import dev.tierpack.core.resilience.BulkheadSettings;
import dev.tierpack.core.testing.FaultyS3Proxy.Fault;
import dev.tierpack.core.testing.FaultyS3Proxy.Request;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resilient stack ({@link Tiers#resilient}) against a real S3 wire broken by the fault proxy: an outage opens
 * the breaker, which then fails calls without sending them; once the endpoint is back the breaker half-opens by
 * itself and closes on success. Answers that are not outages (404) never open it.
 */
class CircuitBreakerTierTest extends ProxyFixture {
    static final RetryingTier.Settings FAST =
            new RetryingTier.Settings(3, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(5), Duration.ofSeconds(5));
    static final BreakerSettings BREAKER = new BreakerSettings(50, 4, 4, Duration.ofMillis(300), 1);

    RequestCounter counter = new RequestCounter();
    Tier tier;

    @Override
    String bucket() {
        return "breaker";
    }

    @AfterEach
    void closeTier() {
        if (tier != null) {
            tier.close();
        }
    }

    private Tier open(BreakerSettings breaker) {
        tier = Tiers.resilient(viaProxy(ProxiedTiers.S3), new TierResilience(FAST, breaker,
                new BulkheadSettings(2, Duration.ofSeconds(5)), null), counter);
        return tier;
    }

    private CircuitBreaker breaker() {
        return Tiers.find(tier, CircuitBreakerTier.class).orElseThrow().breaker();
    }

    @Test
    void anOutageOpensTheBreakerWhichThenFailsFastAndRecoversByItself() throws InterruptedException {
        Tier t = open(BREAKER);
        TierContract.put(t, "k", TestData.bytes(3, 0, 1000));
        proxy.outage();

        // 3 attempts of the first HEAD, then the 4th attempt overall opens the breaker during the second one
        assertThatThrownBy(() -> t.stat("k")).isInstanceOf(TierException.class)
                .matches(e -> ((TierException) e).retryable());
        assertThatThrownBy(() -> t.stat("k")).isInstanceOf(TierUnavailableException.class)
                .hasMessageContaining("code=CircuitOpen").hasMessageContaining("tier=cold");
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        long sentBefore = counter.requests(RequestKind.HEAD);
        assertThatThrownBy(() -> t.stat("k")).isInstanceOf(TierUnavailableException.class);
        assertThat(counter.requests(RequestKind.HEAD)).as("an open breaker sends nothing").isEqualTo(sentBefore);

        CountDownLatch halfOpen = new CountDownLatch(1);
        breaker().getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.HALF_OPEN) {
                halfOpen.countDown();
            }
        });
        proxy.restore();
        assertThat(halfOpen.await(10, TimeUnit.SECONDS)).as("half-open after the open wait").isTrue();
        assertThat(t.stat("k")).get().extracting(TierObject::size).isEqualTo(1000L);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void throttlingIsRetriedAndAnswersThatAreNotOutagesDoNotCount() {
        Tier t = open(new BreakerSettings(50, 10, 10, Duration.ofMillis(300), 1));
        TierContract.put(t, "k", TestData.bytes(4, 0, 10));
        proxy.inject(Fault.slowDown(null), Request::isHead, 2);
        assertThat(t.stat("k")).isPresent();
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> t.read("missing")).isInstanceOf(TierObjectNotFoundException.class);
        }
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
        assertThat(proxy.requests(Request::faulted)).hasSize(2);
    }
}
