package dev.tierpack.manifests.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyStats;
import dev.tierpack.manifests.read.RestoreRequiredException;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.core.tier.RestoreStatus;
import dev.tierpack.manifests.restore.ColdRestorer;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers binary-cache requests (see {@link CacheServer} for the protocol). Error responses carry a one-line plain text
 * body and never an exception's text or stack trace; failures are logged here. A failure after the response headers
 * went out aborts the connection: the encoder is cut off from the body ({@link SeverableOutputStream}) and an
 * {@link IOException} makes the HTTP server close the connection without the body's clean end (no final chunk, or
 * fewer bytes than Content-Length), so a client sees a failed transfer and retries, never a complete-looking body.
 */
final class CacheHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CacheHandler.class);
    static final String RESTORE_HEADER = "X-Tierpack-Restore";
    /** Retry-After of a 503 for a restore whose ETA is unknown (started by another process). */
    static final long DEFAULT_RETRY_AFTER_SECONDS = 3600;

    private final ReadBack readBack;
    private final ServeConfig config;
    private final ColdServing cold;
    private final Semaphore slots;
    private final ReassemblyStats stats = new ReassemblyStats();
    private final AtomicLong aborted = new AtomicLong();
    private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> routes =
            new java.util.concurrent.ConcurrentHashMap<>();

    CacheHandler(ReadBack readBack, ServeConfig config, ColdServing cold) {
        this.readBack = readBack;
        this.config = config;
        this.cold = cold;
        this.slots = new Semaphore(config.maxNarStreams(), true);
    }

    ReassemblyStats stats() {
        return stats;
    }

    long aborted() {
        return aborted.get();
    }

    /** Requests answered so far, by route kind ({@code NarInfoFile}, {@code Nar}, {@code LegacyNar}, ...). */
    java.util.Map<String, Long> requestCounts() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        routes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Thrown once the headers are out and the response cannot be completed: the connection is dropped. */
    static final class StreamAborted extends IOException {
        StreamAborted(Throwable cause) {
            super("response aborted", cause);
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Response r = new Response(ex);
        try {
            dispatch(ex, r);
        } catch (StreamAborted e) {
            aborted.incrementAndGet();
            throw e;
        } catch (Throwable t) {
            if (r.sent) {
                aborted.incrementAndGet();
                LOG.warn("response aborted: {} {} cause={}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                        t.toString());
                throw new StreamAborted(t);
            }
            if (t instanceof RestoreRequiredException) {
                r.restoreRequired();
            } else if (t instanceof TierpackException) {
                LOG.error("request failed: {} {} reason={}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                        t.getMessage());
                r.text(500, "internal error\n");
            } else {
                LOG.error("request failed: {} {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), t);
                r.text(500, "internal error\n");
            }
        }
    }

    private void dispatch(HttpExchange ex, Response r) throws IOException, InterruptedException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            r.text(405, "method not allowed\n");
            return;
        }
        CacheRoute route = CacheRoutes.parse(ex.getRequestURI().getRawPath());
        routes.computeIfAbsent(route.getClass().getSimpleName(), k -> new java.util.concurrent.atomic.LongAdder())
                .increment();
        String range = RangeHeader.problem(ex.getRequestHeaders().get("Range"));
        if (route instanceof CacheRoute.Malformed || range != null) {
            LOG.debug("bad request: {} {} reason={}", method, ex.getRequestURI().getRawPath(),
                    range != null ? range : ((CacheRoute.Malformed) route).reason());
            r.text(400, "bad request\n");
            return;
        }
        switch (route) {
            case CacheRoute.CacheInfo c -> r.text(200, "text/x-nix-cache-info", config.cacheInfo().toText());
            case CacheRoute.NarInfoFile n -> {
                Optional<CatalogEntry> e = readBack.lookup(n.hashPart());
                if (e.isEmpty()) {
                    r.notFound();
                } else if (e.get().placement() != TierCode.WARM && !coldServable(e.get(), r)) {
                    return;
                } else {
                    String text = config.originalNarInfo() ? e.get().narInfoText()
                            : NarInfoRewriter.rewrite(e.get().narInfo(), config.encoding()).toText();
                    if (!r.head) {
                        readBack.prefetch(e.get()); // the NAR request usually follows
                    }
                    r.text(200, "text/x-nix-narinfo", text);
                }
            }
            case CacheRoute.Listing l -> {
                Optional<CatalogEntry> e = readBack.lookup(l.hashPart());
                if (e.isEmpty()) {
                    r.notFound();
                } else {
                    listing(ex, r, readBack.manifest(e.get()));
                }
            }
            case CacheRoute.Nar n -> nar(ex, r, readBack.lookup(n.hashPart()), n.encoding());
            case CacheRoute.LegacyNar l -> nar(ex, r, readBack.lookupFileHash(l.fileHash()), l.encoding());
            case CacheRoute.Unknown u -> r.notFound();
            case CacheRoute.Malformed m -> throw new AssertionError(m);
        }
    }

    /**
     * Whether a cold store path can be served now (its cold packs are all readable); if not, answers the request per
     * {@link ColdServing} (or 404 "required" without one) and returns false.
     */
    private boolean coldServable(CatalogEntry entry, Response r) throws IOException {
        if (cold == null) {
            r.restoreRequired();
            return false;
        }
        ColdRestorer restorer = cold.restorer();
        List<String> packs = restorer.needs(entry).packs();
        Map<String, RestoreStatus> statuses = restorer.statuses(packs);
        RestoreStatus.State state = ColdRestorer.overall(statuses.values());
        if (state == RestoreStatus.State.AVAILABLE || state == RestoreStatus.State.NOT_ARCHIVED) {
            return true;
        }
        if (!cold.restoreOnMiss()) {
            r.restoreStatus(404, state.word(), null, "store path is on the cold tier; restore " + state.word() + "\n");
            return false;
        }
        ColdRestorer.Outcome out = restorer.restore(packs, cold.tier(), cold.days());
        if (out.wasRefused()) {
            LOG.warn("restore on miss refused: storePath={} {}", entry.hashPart(), out.refused().get().message());
            r.restoreStatus(404, "refused", null, "store path is on the cold tier; restore refused by the budget\n");
            return false;
        }
        long retryAfter = out.eta().map(restorer::secondsUntil).orElse(DEFAULT_RETRY_AFTER_SECONDS);
        LOG.info("restore on miss: storePath={} packs={} started={} costUsd={} retryAfterS={}", entry.hashPart(),
                packs.size(), out.started().size(), out.costUsd().toPlainString(), retryAfter);
        r.restoreStatus(503, RestoreStatus.State.IN_PROGRESS.word(), retryAfter,
                "store path is on the cold tier; restore in progress\n");
        return false;
    }

    private void listing(HttpExchange ex, Response r, Manifest manifest) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (r.head) {
            r.headers(200, -1);
            return;
        }
        r.headers(200, 0);
        SeverableOutputStream body = new SeverableOutputStream(ex.getResponseBody());
        try {
            readBack.writeListing(manifest, body);
            body.close();
        } catch (IOException | RuntimeException e) {
            body.sever();
            throw new StreamAborted(e);
        }
    }

    private void nar(HttpExchange ex, Response r, Optional<CatalogEntry> found, NarEncoding encoding)
            throws IOException, InterruptedException {
        if (found.isEmpty()) {
            r.notFound();
            return;
        }
        CatalogEntry entry = found.get();
        if (entry.placement() != TierCode.WARM && !coldServable(entry, r)) {
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/x-nix-nar");
        ex.getResponseHeaders().set("Accept-Ranges", "none");
        long length = encoding == NarEncoding.NONE ? entry.narSize() : 0;
        if (r.head) {
            if (length > 0) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            r.headers(200, -1);
            return;
        }
        Manifest manifest = readBack.manifest(entry);
        if (!slots.tryAcquire(config.slotWait().toMillis(), TimeUnit.MILLISECONDS)) {
            ex.getResponseHeaders().set("Retry-After", "5");
            r.text(503, "busy, retry later\n");
            return;
        }
        try {
            r.headers(200, length);
            SeverableOutputStream body = new SeverableOutputStream(ex.getResponseBody());
            OutputStream encoder = encoding.encoder(body, config.zstdLevel(), config.xzPreset());
            try {
                readBack.writeNar(manifest, new FirstWriteFlushes(encoder), stats);
                encoder.close();
            } catch (Throwable t) {
                body.sever();
                try {
                    encoder.close(); // frees the encoder; nothing reaches the client any more
                } catch (IOException | RuntimeException suppressed) {
                    t.addSuppressed(suppressed);
                }
                throw new StreamAborted(t);
            }
        } finally {
            slots.release();
        }
    }

    /**
     * Flushes the encoder (and the response) after the first write: the NAR's first bytes reach the client at once
     * instead of when the encoder's first block fills. Later writes pass through.
     */
    private static final class FirstWriteFlushes extends java.io.FilterOutputStream {
        private boolean flushed;

        FirstWriteFlushes(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (!flushed) {
                flushed = true;
                out.flush();
            }
        }

        @Override
        public void close() {
            // the encoder is closed by its owner
        }
    }

    /** The response of one exchange; remembers whether headers went out. */
    private static final class Response {
        final HttpExchange ex;
        final boolean head;
        boolean sent;

        Response(HttpExchange ex) {
            this.ex = ex;
            this.head = ex.getRequestMethod().equals("HEAD");
        }

        void headers(int status, long length) throws IOException {
            sent = true;
            ex.sendResponseHeaders(status, length);
        }

        void text(int status, String body) throws IOException {
            text(status, "text/plain; charset=utf-8", body);
        }

        void text(int status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            if (head) {
                ex.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
                headers(status, -1);
            } else {
                headers(status, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
            ex.close();
        }

        void notFound() throws IOException {
            text(404, "not found\n");
        }

        void restoreStatus(int status, String word, Long retryAfterSeconds, String body) throws IOException {
            ex.getResponseHeaders().set(RESTORE_HEADER, word);
            if (retryAfterSeconds != null) {
                ex.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
            }
            text(status, body);
        }

        void restoreRequired() throws IOException {
            ex.getResponseHeaders().set(RESTORE_HEADER, "required");
            text(404, "store path is on the cold tier; restore required\n");
        }
    }
}
