package dev.tierpack.core.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
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
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int MAX_HEAD = 64 * 1024;

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
            if (query == null) {
                return false;
            }
            for (String p : query.split("&")) {
                if (p.equals(name) || p.startsWith(name + "=")) {
                    return true;
                }
            }
            return false;
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
            return new FaultyS3Proxy(new InetSocketAddress(upstream.getHost(), upstream.getPort()), bind(0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fault proxy", e);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(LOOPBACK, port));
        return s;
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
            closeQuietly(s);
        }
        for (Socket c : live) {
            reset(c);
        }
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (server != null || closed) {
            return;
        }
        try {
            server = bind(port);
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
        Thread.ofPlatform().daemon().name("faulty-s3-proxy-" + port).start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket c = s.accept();
                    live.add(c);
                    Thread.ofVirtual().name("faulty-s3-proxy-conn").start(() -> handle(c));
                } catch (IOException e) {
                    if (!s.isClosed()) {
                        log.warn("fault proxy accept failed: {}", e.toString());
                    }
                }
            }
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
            OutputStream cout = client.getOutputStream();
            byte[] head = readHead(cin);
            if (head == null) {
                return;
            }
            if (server == null) {
                // accepted just before an outage began (or raced its reset): the outage wins
                reset(client);
                return;
            }
            String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ", 3);
            String target = requestLine[1];
            int q = target.indexOf('?');
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                }
            }
            Request probe = new Request(requestLine[0], q < 0 ? target : target.substring(0, q),
                    q < 0 ? null : target.substring(q + 1), Map.copyOf(headers), null);
            Fault fault = pick(probe);
            seen.add(new Request(probe.method(), probe.path(), probe.query(), probe.headers(), fault));
            long contentLength = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : -1;

            if (fault instanceof Fault.Status s) {
                boolean expectsContinue = "100-continue".equalsIgnoreCase(headers.get("expect"));
                if (!expectsContinue && contentLength > 0) {
                    cin.skipNBytes(contentLength); // read the body so that the client sees the answer, not a broken pipe
                }
                writeError(cout, s, probe.path(), probe.isHead());
                return;
            }
            try (Socket up = new Socket()) {
                up.connect(upstream, 5000);
                live.add(up);
                OutputStream uout = up.getOutputStream();
                uout.write(rewriteHead(lines));
                uout.flush();
                long resetRequestAt = fault instanceof Fault.ResetRequest r ? r.afterBodyBytes() : -1;
                Thread pump = Thread.ofVirtual().start(() -> pumpRequestBody(cin, uout, contentLength, resetRequestAt, client, up));
                long resetResponseAt = fault instanceof Fault.ResetResponse r ? r.afterBodyBytes() : -1;
                pumpResponse(up.getInputStream(), cout, resetResponseAt, client);
                pump.join(1000);
                live.remove(up);
            }
        } catch (IOException e) {
            // the client or the upstream went away, or a fault reset the connection: nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            live.remove(client);
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int matched = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                byte[] all = head.toByteArray();
                return java.util.Arrays.copyOf(all, all.length - 4);
            }
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head too large");
            }
        }
    }

    private static byte[] rewriteHead(String[] lines) {
        StringBuilder sb = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).strip() : "";
            if (!name.equalsIgnoreCase("connection") && !name.equalsIgnoreCase("keep-alive")) {
                sb.append(lines[i]).append("\r\n");
            }
        }
        sb.append("Connection: close\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void pumpRequestBody(InputStream cin, OutputStream uout, long contentLength, long resetAt, Socket client,
            Socket up) {
        byte[] buf = new byte[64 * 1024];
        long sent = 0;
        try {
            while (contentLength < 0 || sent < contentLength) {
                int want = (int) Math.min(buf.length, contentLength < 0 ? buf.length : contentLength - sent);
                if (resetAt >= 0) {
                    want = (int) Math.min(want, Math.max(resetAt - sent, 0));
                    if (want == 0) {
                        reset(client);
                        closeQuietly(up);
                        return;
                    }
                }
                int n = cin.read(buf, 0, want);
                if (n < 0) {
                    return;
                }
                uout.write(buf, 0, n);
                sent += n;
            }
            uout.flush();
        } catch (IOException e) {
            // connection closed under us
        }
    }

    /** Copies the response; skips 1xx interim heads; resets after {@code resetAt} body bytes if {@code >= 0}. */
    private void pumpResponse(InputStream uin, OutputStream cout, long resetAt, Socket client) throws IOException {
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        boolean inBody = false;
        long body = 0;
        int n;
        while ((n = uin.read(buf)) >= 0) {
            int start = 0;
            if (!inBody) {
                for (int i = 0; i < n && !inBody; i++) {
                    byte b = buf[i];
                    head.write(b);
                    matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                            ? matched + 1 : (b == '\r' ? 1 : 0);
                    if (matched == 4) {
                        boolean interim = head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 1");
                        head.reset();
                        matched = 0;
                        if (!interim) {
                            inBody = true;
                            start = i + 1;
                        }
                    }
                }
                if (!inBody) {
                    cout.write(buf, 0, n);
                    continue;
                }
                cout.write(buf, 0, start);
            }
            int len = n - start;
            if (resetAt >= 0 && body + len >= resetAt) {
                cout.write(buf, start, (int) (resetAt - body));
                cout.flush();
                reset(client);
                return;
            }
            cout.write(buf, start, len);
            body += len;
        }
        cout.flush();
        client.shutdownOutput();
    }

    private static void writeError(OutputStream out, Fault.Status s, String resource, boolean head) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + s.code() + "</Code><Message>injected by "
                + "FaultyS3Proxy</Message><Resource>" + resource + "</Resource><RequestId>faulty</RequestId></Error>";
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(s.status()).append(' ').append(reason(s.status())).append("\r\n")
                .append("Content-Type: application/xml\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("x-amz-request-id: faulty\r\n")
                .append("Connection: close\r\n");
        if (s.retryAfterSeconds() != null) {
            h.append("Retry-After: ").append(s.retryAfterSeconds()).append("\r\n");
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body); // a response to HEAD carries no body
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Slow Down";
            default -> "Error";
        };
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // close with RST, not FIN
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return "FaultyS3Proxy[" + endpoint() + " -> " + upstream + "]";
    }
}
