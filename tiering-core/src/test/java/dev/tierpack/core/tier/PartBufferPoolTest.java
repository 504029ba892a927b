package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartBufferPoolTest {

    @Test
    void givesBackWhatWasReturnedOfTheSameSizeAndKeepsAtMostItsByteCap() {
        PartBufferPool pool = new PartBufferPool(4 * 1000 + 500);
        byte[] a = pool.take(1000);
        assertThat(a).hasSize(1000);
        pool.give(a);
        assertThat(pool.idle(1000)).isEqualTo(1);
        assertThat(pool.take(2000)).hasSize(2000).isNotSameAs(a); // another size: fresh
        assertThat(pool.take(1000)).isSameAs(a);
        assertThat(pool.idle(1000)).isZero();

        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            many.add(pool.take(1000));
        }
        many.forEach(pool::give);
        pool.give(null);
        assertThat(pool.idle(1000)).isEqualTo(4); // 4,000 of the 4,500 bytes
        pool.give(new byte[400]);
        pool.give(new byte[400]); // over the cap: left to the garbage collector
        assertThat(pool.idle(400)).isEqualTo(1);
        assertThat(new PartBufferPool(0).take(10)).hasSize(10);
    }

    @Test
    void theSharedPoolKeepsAtMostASixteenthOfTheHeap() {
        assertThat(PartBufferPool.shared().maxIdleBytes())
                .isLessThanOrEqualTo(64L << 20).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 16);
    }

    @Test
    void concurrentTakersNeverShareABuffer() throws Exception {
        PartBufferPool pool = new PartBufferPool(4 * 64);
        for (int i = 0; i < 4; i++) {
            pool.give(new byte[64]);
        }
        java.util.Set<byte[]> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean shared = new java.util.concurrent.atomic.AtomicBoolean();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    byte[] b = pool.take(64);
                    synchronized (held) {
                        if (!held.add(b)) {
                            shared.set(true);
                        }
                    }
                    synchronized (held) {
                        held.remove(b);
                    }
                    pool.give(b);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(shared).isFalse();
        assertThat(pool.idle(64)).isBetween(1, 4);
    }
}
