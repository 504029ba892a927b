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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * <b>Test infrastructure</b>: the HTTP/1.1 plumbing of the reverse proxies on 127.0.0.1 in front of the embedded S3
 * server ({@link FaultyS3Proxy}, {@link ArchiveS3Layer}): listening, reading a request head, forwarding it unchanged
 * but for {@code Connection: close} (signatures stay valid, and each request gets its own upstream connection, so no
 * response framing is needed to know where a response ends), pumping bodies both ways, and S3 error answers.
 */
final class ProxyWire {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int BUFFER = 64 * 1024;
    private static final long CONNECT_TIMEOUT_MS = 5000;
    private static final long PUMP_JOIN_MS = 1000;

    private ProxyWire() {
    }

    /** A request head as the client sent it. Header names are lower case; {@code query} is null without a '?'. */
    record RequestHead(String[] lines, String method, String target, String rawPath, String query,
            Map<String, String> headers) {

        /** Reads the head of the next request, or null if the client closed the connection first. */
        static RequestHead read(InputStream in) throws IOException {
            byte[] head = readHead(in);
            if (head == null) {
                return null;
            }
            String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ", 3);
            String target = requestLine[1];
            int q = target.indexOf('?');
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            return new RequestHead(lines, requestLine[0], target, q < 0 ? target : target.substring(0, q),
                    q < 0 ? null : target.substring(q + 1), Map.copyOf(headers));
        }

        /** The declared body length, or -1 if there is no {@code Content-Length}. */
        long contentLength() {
            String v = headers.get("content-length");
            return v == null ? -1 : Long.parseLong(v);
        }

        boolean expectsContinue() {
            return "100-continue".equalsIgnoreCase(headers.get("expect"));
        }

        boolean hasParam(String name) {
            return ProxyWire.hasParam(query, name);
        }

        /** The head to send upstream: unchanged but for {@code Connection: close}. */
        byte[] forwarded() {
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
    }

    /** Whether a query string ({@code a=1&b}, or null) has parameter {@code name}. */
    static boolean hasParam(String query, String name) {
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

    /** A server socket on 127.0.0.1 ({@code port} 0: a free one). */
    static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    /** Accepts connections on {@code server} until it is closed, each handled on its own virtual thread. */
    static void acceptLoop(ServerSocket server, String name, Logger log, Consumer<Socket> handler) {
        Thread.ofPlatform().daemon().name(name + "-" + server.getLocalPort()).start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket c = server.accept();
                    Thread.ofVirtual().name(name + "-conn").start(() -> handler.accept(c));
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        log.warn("{} accept failed: {}", name, e.toString());
                    }
                }
            }
        });
    }

    /** How a forwarded exchange is broken on purpose, and how its final response head is changed. */
    record Forwarding(long resetRequestAfter, long resetResponseAfter, UnaryOperator<String> responseHead) {
        /** Forwards untouched. */
        static Forwarding plain() {
            return new Forwarding(-1, -1, UnaryOperator.identity());
        }

        /** Forwards, changing the final (non-1xx) response head, given without its closing blank line. */
        static Forwarding rewritingHead(UnaryOperator<String> responseHead) {
            return new Forwarding(-1, -1, responseHead);
        }
    }

    /** {@link #forward(RequestHead, InputStream, Socket, InetSocketAddress, Forwarding, Consumer, Consumer)}. */
    static void forward(RequestHead head, InputStream cin, Socket client, InetSocketAddress upstream,
            Forwarding how) throws IOException, InterruptedException {
        forward(head, cin, client, upstream, how, up -> { }, up -> { });
    }

    /**
     * Sends the request {@code head} upstream on a new connection, streams its body from {@code cin} (after the
     * head was read from it) and the response back to {@code client}. The upstream socket is passed to
     * {@code opened} and {@code closed} (so that an outage can reset it).
     */
    static void forward(RequestHead head, InputStream cin, Socket client, InetSocketAddress upstream,
            Forwarding how, Consumer<Socket> opened, Consumer<Socket> closed) throws IOException, InterruptedException {
        try (Socket up = new Socket()) {
            up.connect(upstream, (int) CONNECT_TIMEOUT_MS);
            opened.accept(up);
            OutputStream uout = up.getOutputStream();
            uout.write(head.forwarded());
            uout.flush();
            long length = head.contentLength();
            Thread pump = Thread.ofVirtual().start(
                    () -> pumpRequestBody(cin, uout, length, how.resetRequestAfter(), client, up));
            pumpResponse(new BufferedInputStream(up.getInputStream(), BUFFER), client.getOutputStream(),
                    how.resetResponseAfter(), how.responseHead(), client);
            pump.join(PUMP_JOIN_MS);
            closed.accept(up);
        }
    }

    /** Copies the request body ({@code length} bytes, or to the end if -1); resets after {@code resetAt} if >= 0. */
    private static void pumpRequestBody(InputStream cin, OutputStream uout, long length, long resetAt, Socket client,
            Socket up) {
        byte[] buf = new byte[BUFFER];
        long sent = 0;
        try {
            while (length < 0 || sent < length) {
                int want = (int) Math.min(buf.length, length < 0 ? buf.length : length - sent);
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

    /**
     * Copies the response: 1xx interim heads as they are, the final head through {@code rewrite}, then the body as
     * it comes; resets the client connection after {@code resetAt} body bytes if {@code >= 0}.
     */
    private static void pumpResponse(InputStream uin, OutputStream cout, long resetAt, UnaryOperator<String> rewrite,
            Socket client) throws IOException {
        while (true) {
            byte[] rh = readHead(uin);
            if (rh == null) {
                cout.flush();
                return;
            }
            String text = new String(rh, StandardCharsets.ISO_8859_1);
            boolean interim = text.startsWith("HTTP/1.1 1");
            cout.write(((interim ? text : rewrite.apply(text)) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (!interim) {
                break;
            }
        }
        if (resetAt == 0) {
            cout.flush();
            reset(client);
            return;
        }
        byte[] buf = new byte[BUFFER];
        long body = 0;
        int n;
        while ((n = uin.read(buf)) >= 0) {
            if (resetAt > 0 && body + n >= resetAt) {
                cout.write(buf, 0, (int) (resetAt - body));
                cout.flush();
                reset(client);
                return;
            }
            cout.write(buf, 0, n);
            body += n;
        }
        cout.flush();
        client.shutdownOutput();
    }

    /** Reads an HTTP head up to its blank line (returned without it), or null at the end of the stream. */
    static byte[] readHead(InputStream in) throws IOException {
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
                return Arrays.copyOf(all, all.length - 4);
            }
            if (head.size() > MAX_HEAD) {
                throw new IOException("head too large");
            }
        }
    }

    /**
     * Answers with an S3 error document.
     *
     * @param retryAfterSeconds a {@code Retry-After} header, or null for none
     * @param head whether the request was a HEAD (the answer then has no body)
     */
    static void writeError(OutputStream out, int status, String code, String message, String resource,
            String requestId, Integer retryAfterSeconds, boolean head) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><Resource>" + resource + "</Resource><RequestId>" + requestId + "</RequestId></Error>";
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: application/xml\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("x-amz-request-id: ").append(requestId).append("\r\n")
                .append("Connection: close\r\n");
        if (retryAfterSeconds != null) {
            h.append("Retry-After: ").append(retryAfterSeconds).append("\r\n");
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
            case 409 -> "Conflict";
            case 500 -> "Internal Server Error";
            case 503 -> "Slow Down";
            default -> "Error";
        };
    }

    /** Closes with a TCP RST, not a FIN. */
    static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(s);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }
}
