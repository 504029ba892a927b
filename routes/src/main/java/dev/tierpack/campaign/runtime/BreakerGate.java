package dev.tierpack.campaign.runtime;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a route back while a circuit breaker of the source or a tier is open: the routes call {@link #await} before
 * redoing a step that failed because an endpoint was unavailable, so an outage pauses the campaign (no request is
 * sent, no retry budget is spent) until the breaker lets trial calls through again.
 */
public final class BreakerGate {
    private static final Logger LOG = LoggerFactory.getLogger(BreakerGate.class);

    /** No breakers: never waits. */
    public static final BreakerGate NONE = new BreakerGate(List.of());

    private final List<CircuitBreaker> breakers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    public BreakerGate(List<CircuitBreaker> breakers) {
        this.breakers = List.copyOf(breakers);
        for (CircuitBreaker b : this.breakers) {
            b.getEventPublisher().onStateTransition(e -> {
                lock.lock();
                try {
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            });
        }
    }

    public List<CircuitBreaker> breakers() {
        return breakers;
    }

    /** The names of the breakers that are open now. */
    public List<String> open() {
        return breakers.stream().filter(BreakerGate::isOpen).map(CircuitBreaker::getName).toList();
    }

    private static boolean isOpen(CircuitBreaker b) {
        return b.getState() == CircuitBreaker.State.OPEN || b.getState() == CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Blocks while any breaker is open, until {@code stop} says to give up or {@code max} has passed.
     *
     * @return whether no breaker is open any more
     */
    public boolean await(BooleanSupplier stop, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<String> open = open();
        if (open.isEmpty()) {
            return true;
        }
        LOG.warn("endpoint unavailable, waiting for its circuit breaker to half-open: breakers={}", open);
        lock.lock();
        try {
            while (!open().isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stop.getAsBoolean()) {
                    return false;
                }
                // woken by any transition; re-checks the stop condition at least once a second
                changed.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
        LOG.info("circuit breakers let trial calls through again, redoing the step: breakers={}", open);
        return true;
    }
}
