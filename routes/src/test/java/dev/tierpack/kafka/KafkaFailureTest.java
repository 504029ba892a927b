package dev.tierpack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.error.TierpackException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaFailureTest {
    @Test
    void aFailedRequestNamesWhatWasDoneItsContextAndItsCause() {
        TimeoutException cause = new TimeoutException("Timed out waiting for a node assignment");
        TierpackException e = KafkaFailure.of("describing a topic", new ExecutionException(cause), "topic", "t");
        assertThat(e).hasCause(cause);
        assertThat(e.getMessage()).startsWith("describing a topic failed").contains("topic=t", "cause=", "node assignment");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptKeepsTheThreadInterrupted() {
        InterruptedException interrupt = new InterruptedException();
        TierpackException e = KafkaFailure.of("listing topic offsets", interrupt);
        try {
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(e).hasCause(interrupt);
        assertThat(e.getMessage()).startsWith("interrupted while listing topic offsets");
    }
}
