package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.StateDir;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.kafka.EmbeddedKafka;
import java.nio.file.Path;

/** The zero-setup defaults: an S3-compatible server and a KRaft Kafka broker, both persisted under a state dir. */
record EmbeddedServices(EmbeddedS3 s3, EmbeddedKafka kafka) implements AutoCloseable {
    static final int KAFKA_PARTITIONS = 6;

    static EmbeddedServices start(Path stateDir) {
        EmbeddedS3 s3 = EmbeddedS3.start(new StateDir(stateDir).embeddedS3(), 0);
        try {
            return new EmbeddedServices(s3, EmbeddedKafka.start(new StateDir(stateDir).embeddedKafka(), KAFKA_PARTITIONS));
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            s3.close();
        }
    }
}
