package dev.tierpack.core.testing;

import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.s3.S3Clients;
import dev.tierpack.core.tier.RestoreStatus;
import dev.tierpack.core.testing.ProxyWire.Forwarding;
import dev.tierpack.core.testing.ProxyWire.RequestHead;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.function.UnaryOperator;
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

    private ArchiveS3Layer(EmbeddedS3 upstream, MutableClock clock) throws IOException {
        URI u = upstream.endpoint();
        this.upstream = new InetSocketAddress(u.getHost(), u.getPort());
        this.probe = S3Clients.create(u, EmbeddedS3.REGION, true, upstream.credentials().provider());
        this.clock = clock;
        // AWS's upper bounds for DEEP_ARCHIVE (Standard within 12 h, Bulk within 48 h); Expedited is GLACIER's 1-5 min
        delays.put(RestoreTier.EXPEDITED, Duration.ofMinutes(5));
        delays.put(RestoreTier.STANDARD, Duration.ofHours(12));
        delays.put(RestoreTier.BULK, Duration.ofHours(48));
        this.server = ProxyWire.listen(0);
        this.port = server.getLocalPort();
        ProxyWire.acceptLoop(server, "archive-s3-layer", log, this::handle);
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

    private void handle(Socket client) {
        try (client) {
            InputStream cin = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream cout = client.getOutputStream();
            RequestHead head = RequestHead.read(cin);
            if (head == null) {
                return;
            }
            String method = head.method();
            String target = head.target();
            String rawPath = head.rawPath();
            long contentLength = head.contentLength();
            String path = URI.create("http://h" + rawPath).getPath().substring(1); // bucket/key, decoded
            int slash = path.indexOf('/');
            String bucket = slash < 0 ? path : path.substring(0, slash);
            String key = slash < 0 ? "" : path.substring(slash + 1);
            boolean objectRequest = !key.isEmpty();

            if (method.equals("PUT")) {
                Map<String, String> seen = new LinkedHashMap<>(head.headers());
                seen.put(":method", method);
                seen.put(":target", target);
                putHeads.add(seen);
            }
            boolean replaces = (method.equals("PUT") && !head.hasParam("partNumber"))
                    || (method.equals("POST") && head.hasParam("uploadId")) || (method.equals("DELETE") && !head.hasParam("uploadId"));
            if (objectRequest && replaces) {
                restores.remove(path); // a new (or no) object: a restored copy of the old one is gone
            }
            if (method.equals("POST") && objectRequest && head.hasParam("restore")) {
                byte[] body = readBody(cin, cout, head, contentLength);
                restore(cout, bucket, key, path, new String(body, StandardCharsets.UTF_8));
                return;
            }
            if (method.equals("GET") && objectRequest && !head.hasParam("uploadId")) {
                Optional<String> cls = storedClass(bucket, key);
                if (cls.isPresent() && RestoreStatus.archivedClass(cls.get()) && !readableNow(path)) {
                    error(cout, 403, "InvalidObjectState", "The operation is not valid for the object's storage class",
                            rawPath, false);
                    return;
                }
            }
            UnaryOperator<String> rewrite = h -> h;
            if (method.equals("HEAD") && objectRequest) {
                String value = restoreHeader(path);
                if (value != null) {
                    rewrite = h -> h + "\r\nx-amz-restore: " + value;
                }
            }
            if (method.equals("PUT") && objectRequest && wrongEtags.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                rewrite = h -> h.replaceAll("(?im)^ETag:.*$", "ETag: \"00000000000000000000000000000000\"");
            }
            UnaryOperator<String> onSuccess = rewrite;
            ProxyWire.forward(head, cin, client, upstream,
                    Forwarding.rewritingHead(h -> h.startsWith("HTTP/1.1 200") ? onSuccess.apply(h) : h));
        } catch (IOException e) {
            // client or upstream went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private static byte[] readBody(InputStream in, OutputStream out, RequestHead head, long length)
            throws IOException {
        if (head.expectsContinue()) {
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

    private static void error(OutputStream out, int status, String code, String message, String resource, boolean head)
            throws IOException {
        ProxyWire.writeError(out, status, code, message, resource, "archive-layer", null, head);
    }

    @Override
    public String toString() {
        return "ArchiveS3Layer[" + endpoint() + " -> " + upstream + "]";
    }
}
