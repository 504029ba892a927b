package dev.tierpack.core.testing;

import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.s3.S3Clients;
import dev.tierpack.core.tier.RestoreStatus;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * <b>Test infrastructure</b>: an S3-compatible layer (an HTTP/1.1 reverse proxy on 127.0.0.1) in front of the
 * embedded S3 server that gives archived storage classes the semantics AWS documents, which the embedded server
 * lacks (it stores the class and serves the object anyway). Production code talks to it with its real SDK calls.
 *
 * <ul>
 *   <li>An object whose stored class is {@code GLACIER} or {@code DEEP_ARCHIVE} answers GetObject (whole or ranged)
 *       with {@code 403 InvalidObjectState} until a restored copy is available.
 *   <li>{@code POST /bucket/key?restore} (RestoreObject, body {@code <RestoreRequest><Days>N</Days>
 *       <GlacierJobParameters><Tier>Bulk|Standard|Expedited</Tier>...}) answers {@code 202 Accepted} and starts a
 *       restore that completes after the delay configured for its retrieval tier; while it runs, another request
 *       answers {@code 409 RestoreAlreadyInProgress}; once available, a request answers {@code 200 OK} and extends
 *       the expiry. A missing object is {@code 404 NoSuchKey}; an object not in an archived class is
 *       {@code 403 InvalidObjectState}.
 *   <li>HeadObject of an archived object carries {@code x-amz-restore: ongoing-request="true"} while the restore
 *       runs and {@code ongoing-request="false", expiry-date="<HTTP date>"} once available; the restored copy
 *       expires {@code Days} days after completion, rounded up to the next midnight UTC (AWS's rule), after which
 *       the object is archived again.
 * </ul>
 *
 * Time is the injectable {@link MutableClock}: tests {@link MutableClock#advance advance} it instead of sleeping.
 * Restore state lives in this object (it is lost with it). Other requests are forwarded unchanged but for
 * {@code Connection: close} (signatures stay valid: clients sign for the layer's host and port); the layer looks
 * at stored storage classes with its own client on the upstream server.
 */
public final class ArchiveS3Layer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArchiveS3Layer.class);
    private static final int MAX_HEAD = 64 * 1024;
    private static final Pattern DAYS = Pattern.compile("<Days>\\s*(\\d+)\\s*</Days>");
    private static final Pattern TIER = Pattern.compile("<Tier>\\s*(\\w+)\\s*</Tier>");

    /** One RestoreObject request the layer accepted or answered. */
    public record RestoreCall(String bucket, String key, RestoreTier tier, int days, Instant at, int status) {}

    private record Restore(RestoreTier tier, Instant readyAt, Instant expiry) {}

    private final InetSocketAddress upstream;
    private final S3Client probe;
    private final MutableClock clock;
    private final ServerSocket server;
    private final int port;
    private final Map<RestoreTier, Duration> delays = Collections.synchronizedMap(new EnumMap<>(RestoreTier.class));
    private final Map<String, Restore> restores = new ConcurrentHashMap<>();
    private final List<RestoreCall> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, String>> putHeads = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger wrongEtags = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    private ArchiveS3Layer(EmbeddedS3 upstream, MutableClock clock) throws IOException {
        URI u = upstream.endpoint();
        this.upstream = new InetSocketAddress(u.getHost(), u.getPort());
        this.probe = S3Clients.create(u, EmbeddedS3.REGION, true, upstream.credentials().provider());
        this.clock = clock;
        // AWS's upper bounds for DEEP_ARCHIVE (Standard within 12 h, Bulk within 48 h); Expedited is GLACIER's 1-5 min
        delays.put(RestoreTier.EXPEDITED, Duration.ofMinutes(5));
        delays.put(RestoreTier.STANDARD, Duration.ofHours(12));
        delays.put(RestoreTier.BULK, Duration.ofHours(48));
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.port = server.getLocalPort();
        Thread.ofPlatform().daemon().name("archive-s3-layer-" + port).start(this::acceptLoop);
    }

    /** Starts a layer in front of {@code upstream}, its time on {@code clock}. */
    public static ArchiveS3Layer start(EmbeddedS3 upstream, MutableClock clock) {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(clock, "clock");
        try {
            return new ArchiveS3Layer(upstream, clock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the archive layer", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: point S3 clients here (path-style). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public MutableClock clock() {
        return clock;
    }

    /** How long a restore with {@code tier} runs. */
    public ArchiveS3Layer delay(RestoreTier tier, Duration d) {
        delays.put(Objects.requireNonNull(tier), Objects.requireNonNull(d));
        return this;
    }

    public Duration delay(RestoreTier tier) {
        return delays.get(tier);
    }

    /**
     * Fault for tests of upload verification: the next {@code n} PUTs (PutObject, UploadPart) are stored, but answered
     * with an ETag that is not the MD5 of what was sent, as a store that lost or changed bytes would.
     */
    public void answerWrongEtagOnNextPuts(int n) {
        wrongEtags.set(n);
    }

    /** The RestoreObject requests seen so far, in order. */
    public List<RestoreCall> restoreCalls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Request heads (lower-case names, plus {@code :method}, {@code :target}) of every PUT seen so far. */
    public List<Map<String, String>> putRequests() {
        synchronized (putHeads) {
            return List.copyOf(putHeads);
        }
    }

    /** The status the layer reports for {@code bucket/key} now (a HEAD on the upstream server; not a request to it). */
    public RestoreStatus status(String bucket, String key) {
        HeadObjectResponse h = probe.headObject(b -> b.bucket(bucket).key(key));
        return RestoreStatus.fromHead(key, h.storageClassAsString(), h.contentLength(), restoreHeader(bucket + "/" + key));
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        probe.close();
    }

    // ---- state ----

    /** The x-amz-restore value for a path ({@code bucket/key}) now, or null (no restore, or the copy expired). */
    private String restoreHeader(String path) {
        Restore r = current(path);
        if (r == null) {
            return null;
        }
        Instant now = clock.instant();
        if (now.isBefore(r.readyAt())) {
            return "ongoing-request=\"true\"";
        }
        return new RestoreStatus("k", RestoreStatus.State.AVAILABLE, "GLACIER", 0, r.expiry()).header();
    }

    private Restore current(String path) {
        Restore r = restores.get(path);
        if (r != null && !clock.instant().isBefore(r.expiry())) {
            restores.remove(path, r);
            return null;
        }
        return r;
    }

    private boolean readableNow(String path) {
        Restore r = current(path);
        return r != null && !clock.instant().isBefore(r.readyAt());
    }

    /** AWS: completion + days, rounded up to the next midnight UTC. */
    private static Instant expiry(Instant readyAt, int days) {
        LocalDate day = readyAt.plus(Duration.ofDays(days)).atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The stored class of an object, empty if it does not exist. */
    private Optional<String> storedClass(String bucket, String key) {
        try {
            HeadObjectResponse h = probe.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(h.storageClassAsString() == null ? "STANDARD" : h.storageClassAsString());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- HTTP ----

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket c = server.accept();
                Thread.ofVirtual().name("archive-s3-layer-conn").start(() -> handle(c));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("archive layer accept failed: {}", e.toString());
                }
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream cin = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream cout = client.getOutputStream();
            byte[] head = readHead(cin);
            if (head == null) {
                return;
            }
            String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ", 3);
            String method = requestLine[0];
            String target = requestLine[1];
            int q = target.indexOf('?');
            String rawPath = q < 0 ? target : target.substring(0, q);
            String query = q < 0 ? "" : target.substring(q + 1);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            long contentLength = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : -1;
            String path = URI.create("http://h" + rawPath).getPath().substring(1); // bucket/key, decoded
            int slash = path.indexOf('/');
            String bucket = slash < 0 ? path : path.substring(0, slash);
            String key = slash < 0 ? "" : path.substring(slash + 1);
            boolean objectRequest = !key.isEmpty();

            if (method.equals("PUT")) {
                Map<String, String> seen = new LinkedHashMap<>(headers);
                seen.put(":method", method);
                seen.put(":target", target);
                putHeads.add(seen);
            }
            boolean replaces = (method.equals("PUT") && !hasParam(query, "partNumber"))
                    || (method.equals("POST") && hasParam(query, "uploadId")) || (method.equals("DELETE") && !hasParam(query, "uploadId"));
            if (objectRequest && replaces) {
                restores.remove(path); // a new (or no) object: a restored copy of the old one is gone
            }
            if (method.equals("POST") && objectRequest && hasParam(query, "restore")) {
                byte[] body = readBody(cin, cout, headers, contentLength);
                restore(cout, bucket, key, path, new String(body, StandardCharsets.UTF_8));
                return;
            }
            if (method.equals("GET") && objectRequest && !hasParam(query, "uploadId")) {
                Optional<String> cls = storedClass(bucket, key);
                if (cls.isPresent() && RestoreStatus.archivedClass(cls.get()) && !readableNow(path)) {
                    error(cout, 403, "InvalidObjectState", "The operation is not valid for the object's storage class",
                            rawPath, false);
                    return;
                }
            }
            java.util.function.UnaryOperator<String> rewrite = h -> h;
            if (method.equals("HEAD") && objectRequest) {
                String value = restoreHeader(path);
                if (value != null) {
                    rewrite = h -> h + "\r\nx-amz-restore: " + value;
                }
            }
            if (method.equals("PUT") && objectRequest && wrongEtags.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                rewrite = h -> h.replaceAll("(?im)^ETag:.*$", "ETag: \"00000000000000000000000000000000\"");
            }
            forward(lines, cin, cout, contentLength, rewrite);
        } catch (IOException e) {
            // client or upstream went away
        } catch (RuntimeException e) {
            log.warn("archive layer request failed: {}", e.toString());
        }
    }

    private void restore(OutputStream out, String bucket, String key, String path, String body) throws IOException {
        Matcher d = DAYS.matcher(body);
        Matcher t = TIER.matcher(body);
        if (!d.find()) {
            error(out, 400, "MalformedXML", "RestoreRequest needs Days", "/" + path, false);
            return;
        }
        int days = Integer.parseInt(d.group(1));
        RestoreTier tier = t.find() ? RestoreTier.valueOf(t.group(1).toUpperCase(Locale.ROOT)) : RestoreTier.STANDARD;
        Instant now = clock.instant();
        Optional<String> cls = storedClass(bucket, key);
        int status;
        if (cls.isEmpty()) {
            status = 404;
            error(out, 404, "NoSuchKey", "The specified key does not exist.", "/" + path, false);
        } else if (!RestoreStatus.archivedClass(cls.get())) {
            status = 403;
            error(out, 403, "InvalidObjectState", "Restore is not allowed for the object's current storage class",
                    "/" + path, false);
        } else {
            synchronized (restores) {
                Restore r = current(path);
                if (r != null && now.isBefore(r.readyAt())) {
                    status = 409;
                } else if (r != null) {
                    restores.put(path, new Restore(r.tier(), r.readyAt(), expiry(now, days)));
                    status = 200;
                } else {
                    Instant ready = now.plus(delays.get(tier));
                    restores.put(path, new Restore(tier, ready, expiry(ready, days)));
                    status = 202;
                }
            }
            if (status == 409) {
                error(out, 409, "RestoreAlreadyInProgress", "Object restore is already in progress", "/" + path, false);
            } else {
                out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Accepted") + "\r\nContent-Length: 0\r\n"
                        + "x-amz-request-id: archive-layer\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }
        calls.add(new RestoreCall(bucket, key, tier, days, now, status));
        log.debug("archive layer: restore bucket={} key={} tier={} days={} status={}", bucket, key, tier, days, status);
    }

    private static boolean hasParam(String query, String name) {
        for (String p : query.split("&")) {
            if (p.equals(name) || p.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readBody(InputStream in, OutputStream out, Map<String, String> headers, long length)
            throws IOException {
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        if (length < 0) {
            return new byte[0];
        }
        if (length > 1024 * 1024) {
            throw new IOException("restore request body too large: " + length);
        }
        return in.readNBytes((int) length);
    }

    private void forward(String[] lines, InputStream cin, OutputStream cout, long contentLength,
            java.util.function.UnaryOperator<String> rewrite) throws IOException {
        try (Socket up = new Socket()) {
            up.connect(upstream, 5000);
            OutputStream uout = up.getOutputStream();
            StringBuilder sb = new StringBuilder(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).strip() : "";
                if (!name.equalsIgnoreCase("connection") && !name.equalsIgnoreCase("keep-alive")) {
                    sb.append(lines[i]).append("\r\n");
                }
            }
            sb.append("Connection: close\r\n\r\n");
            uout.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            uout.flush();
            Thread pump = Thread.ofVirtual().start(() -> {
                try {
                    if (contentLength > 0) {
                        copy(cin, uout, contentLength);
                    }
                    uout.flush();
                } catch (IOException e) {
                    // connection closed under us
                }
            });
            InputStream uin = up.getInputStream();
            // response heads (skipping 1xx interim ones, which are passed through), then the body as it comes
            while (true) {
                byte[] rh = readHead(uin);
                if (rh == null) {
                    return;
                }
                String text = new String(rh, StandardCharsets.ISO_8859_1);
                boolean interim = text.startsWith("HTTP/1.1 1");
                if (!interim && text.startsWith("HTTP/1.1 200")) {
                    text = rewrite.apply(text);
                }
                cout.write((text + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (!interim) {
                    break;
                }
            }
            uin.transferTo(cout);
            cout.flush();
            try {
                pump.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                return;
            }
            out.write(buf, 0, r);
            left -= r;
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
                throw new IOException("head too large");
            }
        }
    }

    private static void error(OutputStream out, int status, String code, String message, String resource, boolean head)
            throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><Resource>" + resource + "</Resource><RequestId>archive-layer</RequestId></Error>";
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Error";
        };
        String h = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\nx-amz-request-id: archive-layer\r\nConnection: close\r\n\r\n";
        out.write(h.getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    @Override
    public String toString() {
        return "ArchiveS3Layer[" + endpoint() + " -> " + upstream + "]";
    }
}
