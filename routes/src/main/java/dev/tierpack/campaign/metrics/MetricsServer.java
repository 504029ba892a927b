package dev.tierpack.campaign.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tierpack.campaign.config.HostPort;
import dev.tierpack.core.error.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@link CampaignMetrics#scrape} at {@code http://HOST:PORT/metrics} (JDK HTTP server, one thread). */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @param listen {@code HOST:PORT} ({@code PORT} 0 picks a free port)
     */
    public static MetricsServer start(String listen, CampaignMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        InetSocketAddress address = parse(listen);
        try {
            HttpServer server = HttpServer.create(address, 16);
            server.createContext("/metrics", exchange -> respond(exchange, metrics));
            server.start();
            MetricsServer s = new MetricsServer(server);
            LOG.info("metrics served: url=http://{}:{}/metrics", address.getHostString(), s.port());
            return s;
        } catch (IOException e) {
            throw new ConfigException("cannot listen for metrics", e, "key", "--metrics-listen", "value", listen,
                    "cause", e.toString());
        }
    }

    /** Parses {@code HOST:PORT}. */
    static InetSocketAddress parse(String listen) {
        return HostPort.parse(listen, "--metrics-listen");
    }

    private static void respond(HttpExchange exchange, CampaignMetrics metrics) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The port served (the one picked when 0 was asked). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
