package dev.tierpack.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrent calls against close: calls overlap, close waits for them, runs once, and later calls are refused. */
class CloseGuardTest {
    private static final Path DIR = Path.of("/var/lib/tierpack/catalog");
    private static final long DEADLINE_MS = 10_000;

    @Test
    void callsRunConcurrentlyAndCloseWaitsForThemThenRefusesLaterCalls() throws Exception {
        CloseGuard guard = new CloseGuard("catalog", DIR);
        int readers = 4;
        CountDownLatch allInside = new CountDownLatch(readers);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger closes = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                int n = i;
                calls.add(pool.submit(() -> guard.call(() -> {
                    allInside.countDown();
                    release.await();
                    return closes.get() == 0 ? n : -1; // the store is still open while a call runs
                })));
            }
            // every reader inside at once: calls do not exclude each other
            assertThat(allInside.await(DEADLINE_MS, TimeUnit.MILLISECONDS)).as("all calls inside together").isTrue();

            Thread closer = Thread.ofPlatform().start(() -> guard.close(closes::incrementAndGet));
            awaitState(closer, Thread.State.WAITING);
            assertThat(closes.get()).as("close waits for the running calls").isZero();

            release.countDown();
            closer.join(DEADLINE_MS);
            assertThat(closer.isAlive()).isFalse();
            for (int i = 0; i < readers; i++) {
                assertThat(calls.get(i).get(DEADLINE_MS, TimeUnit.MILLISECONDS)).isEqualTo(i);
            }
            assertThat(closes.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        assertThatThrownBy(() -> guard.call(() -> "late")).isInstanceOf(IllegalStateException.class)
                .hasMessage("catalog is closed: directory=" + DIR);
        guard.close(closes::incrementAndGet);
        assertThat(closes.get()).as("close is idempotent").isEqualTo(1);
    }

    @Test
    void closingFromInsideACallIsRefusedAndTheStoreStaysOpen() throws Exception {
        CloseGuard guard = new CloseGuard("chunk index", DIR);
        AtomicInteger closes = new AtomicInteger();
        assertThatThrownBy(() -> guard.call(() -> {
            guard.close(closes::incrementAndGet);
            return null;
        })).isInstanceOf(IllegalStateException.class)
                .hasMessage("chunk index closed from inside one of its own calls: directory=" + DIR);
        assertThat(closes.get()).isZero();
        assertThat(guard.call(() -> "open")).isEqualTo("open");
    }

    @Test
    void aCallsCheckedExceptionPassesThroughAndAFailingCloserStillCloses() {
        CloseGuard guard = new CloseGuard("catalog", DIR);
        IOException failure = new IOException("disk gone");
        assertThatThrownBy(() -> guard.call(() -> {
            throw failure;
        })).isSameAs(failure);

        assertThatThrownBy(() -> guard.close(() -> {
            throw new IllegalStateException("native close failed");
        })).hasMessage("native close failed");
        assertThatThrownBy(() -> guard.call(() -> "late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    private static void awaitState(Thread t, Thread.State state) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (t.getState() != state) {
            assertThat(System.nanoTime()).as("%s reaches %s", t.getName(), state).isLessThan(end);
            Thread.onSpinWait();
        }
    }
}
