package dev.tierpack.campaign.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.campaign.config.Limits;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.resilience.BreakerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The campaign file's {@code limits:} mapped onto the resilience settings, and the gate on open breakers. */
class ResilienceSettingsTest {

    @Test
    void limitsMapOntoTheSourceAndTierLimiters() {
        ResilienceSettings r = ResilienceSettings.fromLimits(new Limits(OptionalDouble.of(500), OptionalLong.of(200L << 20),
                OptionalDouble.of(2.5)));
        assertThat(r.source().requestsPerSecond()).isEqualTo(500);
        assertThat(r.source().bytesPerSecond()).isEqualTo(200L << 20);
        assertThat(r.tier().limits().requestsPerSecond()).as("rounded up to whole requests").isEqualTo(3);
        assertThat(r.tier().limits().bytesPerSecond()).isZero();
        assertThat(r.retry()).isEqualTo(ResilienceSettings.defaults().retry());
    }

    @Test
    void noLimitsMeansNoLimiters() {
        ResilienceSettings r = ResilienceSettings.fromLimits(Limits.none());
        assertThat(r.tier().limits()).isNull();
        assertThat(r.source().requestsPerSecond()).isZero();
        assertThat(r.source().bytesPerSecond()).isZero();
        assertThat(RuntimeSettings.defaults("x", RuntimeSettings.SourceChoice.EmbeddedDemo.DEFAULT, Path.of("s"))
                .resilience()).isEqualTo(ResilienceSettings.defaults());
    }

    @Test
    void invalidRatesNameTheirKey() {
        ResilienceSettings d = ResilienceSettings.defaults();
        assertThatThrownBy(() -> new ResilienceSettings(d.retry(), d.breaker(), d.bulkhead(), 0, 10, 0, d.maxWait()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.sourceBytesPerSecond");
        assertThatThrownBy(() -> new ResilienceSettings(d.retry(), d.breaker(), d.bulkhead(), 0, 0, Double.NaN,
                d.maxWait())).isInstanceOf(ConfigException.class).hasMessageContaining("limits.tierRequestsPerSecond");
    }

    @Test
    void theGateHoldsWhileABreakerIsOpenAndOpensWhenItHalfOpens() throws Exception {
        CircuitBreaker b = new BreakerSettings(50, 2, 2, Duration.ofMinutes(10), 1).create("warm", t -> true);
        BreakerGate gate = new BreakerGate(List.of(b));
        assertThat(gate.await(() -> false, Duration.ofSeconds(1))).as("nothing open").isTrue();
        b.transitionToOpenState();
        assertThat(gate.open()).containsExactly("warm");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.await(() -> false, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting).isNotDone();
        b.transitionToHalfOpenState();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        b.transitionToOpenState();
        assertThat(gate.await(() -> true, Duration.ofMinutes(1))).as("a stop ends the wait").isFalse();
    }
}
