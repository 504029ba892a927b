package dev.tierpack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsTest {
    @TempDir Path dir;

    @Test
    void closingAReplacedProducerAbortsItsOpenTransactionAndNeverThrows() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 1);
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            KafkaProducer<String, byte[]> left = KafkaClients.transactionalProducer(kafka.bootstrapServers(), "tx");
            left.initTransactions();
            left.beginTransaction();
            left.send(new ProducerRecord<>("t", "k", bytes("left open"))).get();

            KafkaClients.closeReplaced(left, "test");
            KafkaClients.closeReplaced(left, "test"); // closed already
            KafkaClients.closeReplaced(null, "test"); // none yet

            try (TopicReader reader = new TopicReader(kafka.bootstrapServers())) {
                List<String> seen = new ArrayList<>();
                // waits for the open transaction's end: it ends because closing aborted it
                reader.readToEnd("t", Map.of(), r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)), true,
                        Duration.ofSeconds(30));
                assertThat(seen).isEmpty();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
