package dev.tierpack.kafka;

import dev.tierpack.core.error.TierpackException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), in-process, bound to
 * 127.0.0.1. Its log directory lives under a state directory and is formatted on first start only,
 * so topics, records and committed consumer offsets survive a restart of tierpack.
 *
 * <p>The listener ports are chosen at first start and remembered in {@code ports.properties} beside
 * the log directory; a later start reuses them when they are free (clients that remembered the
 * address keep working) and picks new ones otherwise.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrap;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts (formatting the log dir on first use) and waits until the broker answers.
     *
     * @param stateDir directory owned by this broker; created if missing
     * @param defaultPartitions partition count for topics created without an explicit count
     */
    public static EmbeddedKafka start(Path stateDir, int defaultPartitions) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(stateDir);
            Path logDir = stateDir.resolve("kraft-logs").toAbsolutePath();
            int[] ports = ports(stateDir.resolve("ports.properties"));
            Properties props = brokerProperties(logDir, ports[0], ports[1], defaultPartitions);
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + ports[0];
            EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap);
            kafka.awaitReady(Duration.ofSeconds(60));
            LOG.info("embedded Kafka (KRaft) ready: bootstrap={} dir={} startMs={}",
                    bootstrap, logDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return kafka;
        } catch (IOException e) {
            throw new TierpackException("embedded Kafka failed to start", e, "dir", stateDir);
        }
    }

    /**
     * The bootstrap address of the broker of {@code stateDir} as last started (from {@code ports.properties}), for
     * clients of a broker running in another process; empty if it was never started there.
     */
    public static java.util.Optional<String> lastBootstrap(Path stateDir) {
        Path file = stateDir.resolve("ports.properties");
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        Properties saved = new Properties();
        try (var in = Files.newInputStream(file)) {
            saved.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String broker = saved.getProperty("broker");
        return broker == null ? java.util.Optional.empty() : java.util.Optional.of("127.0.0.1:" + broker);
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private void awaitReady(Duration timeout) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new TierpackException("embedded Kafka did not become ready", e,
                    "bootstrap", bootstrap, "timeoutMs", timeout.toMillis());
        }
    }

    private static Properties brokerProperties(Path logDir, int port, int controllerPort, int partitions) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", String.valueOf(partitions));
        p.put("auto.create.topics.enable", "false");
        // single node: internal topics with one replica, few partitions for a fast start
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // durability over speed: the ledger and progress topics must survive power loss
        p.put("log.flush.interval.messages", "1");
        return p;
    }

    private static void format(Path logDir) {
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new TierpackException("formatting embedded Kafka log dir failed", e, "dir", logDir);
        }
    }

    /** Broker and controller ports: remembered from the last start when still free, else new ones. */
    private static int[] ports(Path file) throws IOException {
        Properties saved = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                saved.load(in);
            }
            int broker = Integer.parseInt(saved.getProperty("broker", "0"));
            int controller = Integer.parseInt(saved.getProperty("controller", "0"));
            if (isFree(broker) && isFree(controller)) {
                return new int[] {broker, controller};
            }
        }
        int[] fresh = {freePort(), freePort()};
        while (fresh[1] == fresh[0]) {
            fresh[1] = freePort();
        }
        saved.setProperty("broker", String.valueOf(fresh[0]));
        saved.setProperty("controller", String.valueOf(fresh[1]));
        try (var out = Files.newOutputStream(file)) {
            saved.store(out, "embedded Kafka listener ports");
        }
        return fresh;
    }

    private static boolean isFree(int port) {
        if (port <= 0) {
            return false;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
