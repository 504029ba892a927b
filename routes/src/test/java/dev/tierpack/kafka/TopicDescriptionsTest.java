package dev.tierpack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicDescriptionsTest {
    @TempDir Path dir;

    @Test
    void aTopicIsDescribedRightAfterItsCreationAndAnUnknownOneFailsAfterTheWait() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 1);
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("fresh", 5, (short) 1))).all().get();
            assertThat(TopicDescriptions.describe(admin, "fresh").partitions()).hasSize(5);

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> TopicDescriptions.describe(admin, "never-created", Duration.ofMillis(300)))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("retried until the wait ran out")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }
}
