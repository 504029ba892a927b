package dev.tierpack.manifests.serve;

import com.sun.net.httpserver.HttpServer;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tierpack serve}: the Nix binary-cache HTTP protocol over the migrated store paths, on the JDK HTTP server with
 * one virtual thread per exchange.
 *
 * <ul>
 * <li>{@code GET /nix-cache-info}.
 * <li>{@code GET|HEAD /<hash>.narinfo}: from the catalog (no tier read); rewritten by {@link NarInfoRewriter} to point
 *     at {@code nar/<hash>.nar.zst} (or {@code .nar} with {@link NarEncoding#NONE}), or served as migrated with
 *     {@link ServeConfig#originalNarInfo()}.
 * <li>{@code GET|HEAD /nar/<hash>.nar.zst}, {@code .nar}, {@code .nar.xz}: the reassembled NAR, compressed on the fly
 *     (chunked transfer encoding; {@code .nar} has a Content-Length).
 * <li>{@code GET|HEAD /nar/<FileHash>.nar.xz} (and {@code .nar}, {@code .nar.zst}): the legacy URL of the source's
 *     narinfo, found by the original FileHash; Nix checks only the NarHash of what it decompresses.
 * <li>{@code GET|HEAD /<hash>.ls}: Nix's JSON listing, generated from the manifest without reading any chunk.
 * </ul>
 *
 * Unknown store paths are 404; paths placed cold are 404 with {@code X-Tierpack-Restore: required} (or, with a
 * {@link ColdServing}, served once restored, else answered per its policy); malformed paths,
 * traversal attempts, percent-encoding and malformed or huge {@code Range} headers are 400; other methods 405. Nothing
 * is ever read from a file system: every byte served comes from the catalog or the tiers. A NAR that fails mid-stream
 * aborts the connection. Memory: at most {@link ServeConfig#maxNarStreams()} NARs stream at once, each within the
 * reassembly bound; a slow client blocks its own stream's producer (TCP back-pressure), it never makes it buffer more.
 */
public final class CacheServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final CacheHandler handler;

    private CacheServer(HttpServer server, ExecutorService executor, CacheHandler handler) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
    }

    /** Binds {@code listen} (port 0 picks a free port) and starts serving. */
    public static CacheServer start(InetSocketAddress listen, ReadBack readBack, ServeConfig config) throws IOException {
        return start(listen, readBack, config, null);
    }

    /**
     * Like {@link #start(InetSocketAddress, ReadBack, ServeConfig)}, answering cold store paths per {@code cold}
     * (restored ones are served; see {@link ColdServing}); null answers every cold path 404 "required".
     */
    public static CacheServer start(InetSocketAddress listen, ReadBack readBack, ServeConfig config, ColdServing cold)
            throws IOException {
        Objects.requireNonNull(readBack, "readBack");
        Objects.requireNonNull(config, "config");
        CacheHandler handler = new CacheHandler(readBack, config, cold);
        HttpServer server = HttpServer.create(listen, 256);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        CacheServer s = new CacheServer(server, executor, handler);
        LOG.info("serving binary cache: url={} encoding={} originalNarInfo={} maxNarStreams={}", s.uri(),
                config.encoding(), config.originalNarInfo(), config.maxNarStreams());
        return s;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://host:port}. */
    public URI uri() {
        InetSocketAddress a = address();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    /** Reassembly counters of all NARs served. */
    public ReassemblyStats stats() {
        return handler.stats();
    }

    /** Responses aborted after their headers were sent. */
    public long abortedResponses() {
        return handler.aborted();
    }

    /** Requests answered so far by route kind ({@code NarInfoFile}, {@code Nar}, {@code LegacyNar}, {@code Listing}...). */
    public java.util.Map<String, Long> requestCounts() {
        return handler.requestCounts();
    }

    /** Stops accepting, closes open connections, and stops the exchange threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("exchanges still running after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
