package dev.tierpack.campaign.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.campaign.runtime.BudgetHook.BatchEstimate;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {
    static final TopicPartition P0 = new TopicPartition("work", 0);
    static final TopicPartition P1 = new TopicPartition("work", 1);

    static WorkRecord record(char first, String name, long fileSize, long narSize) {
        String hash = first + "ywk3g8zl3qj7jxpbidq5j7025zpab8z";
        return new WorkRecord("/nix/store/" + hash + "-" + name, hash + ".narinfo", 300, "StorePath: x\n", null,
                "nar/" + hash + ".nar.xz", fileSize, narSize);
    }

    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void publishedStorePathsAndRepeatsInTheBatchAreSkippedButStillAdvanceTheOffsets() {
        WorkRecord a = record('0', "hello-2.12", 100, 1000);
        WorkRecord b = record('1', "hello-2.13", 200, 2000);
        WorkRecord c = record('2', "zlib-1.3", -1, 500);
        BatchAssembler batch = new BatchAssembler(10, Duration.ofSeconds(5), clock::get, Set.of(b.hashPart())::contains);
        assertThat(batch.add(P0, 10, a)).isEqualTo(BatchAssembler.Verdict.MIGRATE);
        assertThat(batch.add(P0, 11, b)).isEqualTo(BatchAssembler.Verdict.SKIP_PUBLISHED);
        assertThat(batch.add(P1, 3, c)).isEqualTo(BatchAssembler.Verdict.MIGRATE);
        assertThat(batch.add(P1, 4, a)).isEqualTo(BatchAssembler.Verdict.SKIP_DUPLICATE);
        assertThat(batch.estimate()).isEqualTo(new BatchEstimate(2, 100, 1500)); // unknown FileSize counts 0
        assertThat(batch.offsetsUpTo(4)).isEqualTo(Map.of(P0, new OffsetAndMetadata(12), P1, new OffsetAndMetadata(5)));
    }

    @Test
    void offsetsOfAPrefixNeverSkipAnUnfinishedRecord() {
        BatchAssembler batch = new BatchAssembler(10, Duration.ofSeconds(5), clock::get, h -> false);
        batch.add(P0, 10, record('0', "a-1", 1, 1));
        batch.add(P1, 7, record('1', "b-1", 1, 1));
        batch.add(P0, 11, record('2', "c-1", 1, 1));
        assertThat(batch.offsetsUpTo(0)).isEmpty();
        assertThat(batch.offsetsUpTo(2)).isEqualTo(Map.of(P0, new OffsetAndMetadata(11), P1, new OffsetAndMetadata(8)));
        assertThat(batch.offsetsUpTo(3)).containsEntry(P0, new OffsetAndMetadata(12));
    }

    @Test
    void aBatchIsFullWhenItsNarinfosReachTheByteBound() {
        BatchAssembler batch = new BatchAssembler(1000, Duration.ofSeconds(5), clock::get, h -> false);
        String hash = "0ywk3g8zl3qj7jxpbidq5j7025zpab8z";
        String big = "x".repeat((int) (BatchAssembler.MAX_BYTES / 2));
        batch.add(P0, 0, new WorkRecord("/nix/store/" + hash + "-a-1", hash + ".narinfo", 1, big, null, "nar/a", 1, 1));
        assertThat(batch.full()).isFalse();
        String hash2 = "1ywk3g8zl3qj7jxpbidq5j7025zpab8z";
        batch.add(P0, 1, new WorkRecord("/nix/store/" + hash2 + "-b-1", hash2 + ".narinfo", 1, big, null, "nar/b", 1, 1));
        assertThat(batch.full()).isTrue();
        batch.clear();
        assertThat(batch.full()).isFalse();
    }

    @Test
    void aBatchIsFullAtItsSizeAndDueAtItsAge() {
        BatchAssembler batch = new BatchAssembler(2, Duration.ofSeconds(5), clock::get, h -> false);
        assertThat(batch.due()).isFalse();
        assertThat(batch.nanosUntilDue()).isZero();
        batch.add(P0, 0, record('0', "a-1", 1, 1));
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(batch.due()).isFalse();
        assertThat(batch.nanosUntilDue()).isEqualTo(Duration.ofSeconds(1).toNanos());
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(batch.due()).isTrue();
        assertThat(batch.full()).isFalse();
        batch.add(P0, 1, record('1', "b-1", 1, 1));
        assertThat(batch.full()).isTrue();
        assertThatThrownBy(() -> batch.add(P0, 2, record('2', "c-1", 1, 1))).isInstanceOf(IllegalStateException.class);
        batch.clear();
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.due()).isFalse();
        // the age starts again with the next first record
        batch.add(P0, 2, record('2', "c-1", 1, 1));
        assertThat(batch.due()).isFalse();
    }
}
