package dev.tierpack.core.testing;

import dev.tierpack.core.testing.ProxyWire.Forwarding;
import dev.tierpack.core.testing.ProxyWire.RequestHead;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 reverse proxy on 127.0.0.1 in front of an S3-compatible server (the embedded one),
 * for tests that need real S3 wire traffic to fail on demand:
 * <ul>
 *   <li>{@link Fault.Status}: answer a request with an S3 error (503 SlowDown with Retry-After, 403
 *       AccessDenied, …) without forwarding it;
 *   <li>{@link Fault.ResetResponse}: forward the request, then reset the connection (TCP RST) after
 *       a number of response body bytes;
 *   <li>{@link Fault.ResetRequest}: reset the connection after forwarding a number of request body
 *       bytes;
 *   <li>{@link #outage()}: stop listening, so that connections are refused, until {@link #restore()}.
 * </ul>
 * Faults are armed with {@link #inject}: a predicate on the request and a number of times. Bodies
 * are streamed both ways, never buffered. Clients sign requests for the proxy's host and port, and
 * the proxy forwards the request head unchanged but for {@code Connection: close}, so signatures
 * stay valid and each request gets its own upstream connection (the proxy needs no response
 * framing to know where a response ends). Every request is recorded ({@link #requests()}) with the
 * fault it got, so tests can count attempts and inspect headers.
 */
public final class FaultyS3Proxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaultyS3Proxy.class);

    /** What to do to a request. */
    public sealed interface Fault {
        /** Answer with an S3 error document, without forwarding. */
        record Status(int status, String code, Integer retryAfterSeconds) implements Fault {}

        /** Forward, then reset the client connection after this many response body bytes. */
        record ResetResponse(long afterBodyBytes) implements Fault {}

        /** Forward this many request body bytes, then reset the client connection. */
        record ResetRequest(long afterBodyBytes) implements Fault {}

        /** 503 SlowDown with a Retry-After header (seconds), or none if null. */
        static Fault slowDown(Integer retryAfterSeconds) {
            return new Status(503, "SlowDown", retryAfterSeconds);
        }

        static Fault status(int status, String code) {
            return new Status(status, code, null);
        }

        static Fault resetResponseAfter(long bytes) {
            return new ResetResponse(bytes);
        }

        static Fault resetRequestAfter(long bytes) {
            return new ResetRequest(bytes);
        }
    }

    /** A request as the proxy saw it. Header names are lower case. */
    public record Request(String method, String path, String query, Map<String, String> headers, Fault fault) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        private boolean hasParam(String name) {
            return ProxyWire.hasParam(query, name);
        }

        public boolean isUploadPart() {
            return method.equals("PUT") && hasParam("partNumber");
        }

        /** A single-request PutObject. */
        public boolean isPutObject() {
            return method.equals("PUT") && !hasParam("partNumber") && !hasParam("uploadId") && path.indexOf('/', 1) > 0;
        }

        public boolean isInitiate() {
            return method.equals("POST") && hasParam("uploads");
        }

        public boolean isComplete() {
            return method.equals("POST") && hasParam("uploadId");
        }

        public boolean isAbort() {
            return method.equals("DELETE") && hasParam("uploadId");
        }

        public boolean isList() {
            return method.equals("GET") && hasParam("list-type");
        }

        /** A GetObject, whole or ranged. */
        public boolean isGet() {
            return method.equals("GET") && !hasParam("list-type") && path.indexOf('/', 1) > 0;
        }

        public boolean isRangeGet() {
            return isGet() && header("range") != null;
        }

        public boolean isHead() {
            return method.equals("HEAD");
        }

        /** Whether the proxy answered or broke it instead of passing it through untouched. */
        public boolean faulted() {
            return fault != null;
        }
    }

    private static final class Rule {
        final Predicate<Request> when;
        final Fault fault;
        int remaining;

        Rule(Predicate<Request> when, Fault fault, int remaining) {
            this.when = when;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final InetSocketAddress upstream;
    private final int port;
    private final List<Rule> rules = new ArrayList<>();
    private final List<Request> seen = Collections.synchronizedList(new ArrayList<>());
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean closed;

    private FaultyS3Proxy(InetSocketAddress upstream, ServerSocket server) {
        this.upstream = upstream;
        this.server = server;
        this.port = server.getLocalPort();
        acceptLoop(server);
    }

    /** Starts a proxy on a free port of 127.0.0.1 forwarding to {@code upstream} ({@code http://host:port}). */
    public static FaultyS3Proxy start(URI upstream) {
        Objects.requireNonNull(upstream, "upstream");
        try {
            return new FaultyS3Proxy(new InetSocketAddress(upstream.getHost(), upstream.getPort()), ProxyWire.listen(0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fault proxy", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: point clients here. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Arms {@code fault} for the next {@code times} requests matching {@code when}. Rules apply in the order armed. */
    public synchronized FaultyS3Proxy inject(Fault fault, Predicate<Request> when, int times) {
        rules.add(new Rule(Objects.requireNonNull(when), Objects.requireNonNull(fault), times));
        return this;
    }

    /** Disarms every fault. */
    public synchronized void clearFaults() {
        rules.clear();
    }

    /** Requests seen so far, in arrival order. */
    public List<Request> requests() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public List<Request> requests(Predicate<Request> which) {
        return requests().stream().filter(which).toList();
    }

    public void clearLog() {
        seen.clear();
    }

    /** Stops accepting (new connections are refused) and resets open connections. */
    public synchronized void outage() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            ProxyWire.closeQuietly(s);
        }
        for (Socket c : live) {
            ProxyWire.reset(c);
        }
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (server != null || closed) {
            return;
        }
        try {
            server = ProxyWire.listen(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen again on port " + port, e);
        }
        acceptLoop(server);
    }

    @Override
    public synchronized void close() {
        closed = true;
        outage();
    }

    private void acceptLoop(ServerSocket s) {
        ProxyWire.acceptLoop(s, "faulty-s3-proxy", log, c -> {
            live.add(c);
            handle(c);
        });
    }

    private synchronized Fault pick(Request r) {
        for (Rule rule : rules) {
            if (rule.remaining > 0 && rule.when.test(r)) {
                rule.remaining--;
                return rule.fault;
            }
        }
        return null;
    }

    private void handle(Socket client) {
        try (client) {
            InputStream cin = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            RequestHead head = RequestHead.read(cin);
            if (head == null) {
                return;
            }
            if (server == null) {
                // accepted just before an outage began (or raced its reset): the outage wins
                ProxyWire.reset(client);
                return;
            }
            Request probe = new Request(head.method(), head.rawPath(), head.query(), head.headers(), null);
            Fault fault = pick(probe);
            seen.add(new Request(probe.method(), probe.path(), probe.query(), probe.headers(), fault));
            long contentLength = head.contentLength();

            if (fault instanceof Fault.Status s) {
                if (!head.expectsContinue() && contentLength > 0) {
                    cin.skipNBytes(contentLength); // read the body so that the client sees the answer, not a broken pipe
                }
                ProxyWire.writeError(client.getOutputStream(), s.status(), s.code(), "injected by FaultyS3Proxy",
                        probe.path(), "faulty", s.retryAfterSeconds(), probe.isHead());
                return;
            }
            long resetRequestAt = fault instanceof Fault.ResetRequest r ? r.afterBodyBytes() : -1;
            long resetResponseAt = fault instanceof Fault.ResetResponse r ? r.afterBodyBytes() : -1;
            ProxyWire.forward(head, cin, client, upstream,
                    new Forwarding(resetRequestAt, resetResponseAt, UnaryOperator.identity()), live::add, live::remove);
        } catch (IOException e) {
            // the client or the upstream went away, or a fault reset the connection: nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            live.remove(client);
        }
    }

    @Override
    public String toString() {
        return "FaultyS3Proxy[" + endpoint() + " -> " + upstream + "]";
    }
}
