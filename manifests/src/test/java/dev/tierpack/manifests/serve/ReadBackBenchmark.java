package dev.tierpack.manifests.serve;

import com.github.luben.zstd.ZstdInputStream;
import com.sun.net.httpserver.HttpServer;
import dev.tierpack.core.compress.Compression;
import dev.tierpack.core.compress.Decompressors;
import dev.tierpack.core.error.TierObjectNotFoundException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.manifests.MigratedCorpus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Read-back performance, every method measured in the same run: what a Nix client waits for, and how fast it gets
 * its NARs, when it substitutes the corpus's store paths (narinfo, then NAR) from
 * <ul>
 * <li>{@link Method#XZ_FILE}: the original cache's files ({@code .narinfo}, {@code .nar.xz}) served as they are by a
 *     static file server from the page cache: no storage tier at all, the most favourable case for the baseline;
 * <li>{@link Method#XZ_S3}: the original files as objects of a bucket on the same embedded S3 server the warm tier
 *     lives on, streamed by a plain proxy (a binary cache served from its bucket);
 * <li>{@link Method#TIERPACK_ZSTD}: {@code tierpack serve}, each NAR reassembled from the warm tier's packs and
 *     compressed with zstd on the fly;
 * <li>{@link Method#TIERPACK_LEGACY_XZ}: the same through the legacy {@code nar/<FileHash>.nar.xz} URL, xz on the fly.
 * </ul>
 * The client does what Nix does with a NAR body: decompress it (liblzma for xz, zstd) and SHA-256 it, checked
 * against NarHash. TTFB is from sending the NAR request to its first body byte; total is to the last decoded byte.
 * The first pass is reported as "cold" (fresh server, empty manifest cache); then the methods run interleaved for the
 * given rounds, their order rotating, and each store path's best time per method is kept.
 */
public final class ReadBackBenchmark {
    public enum Method { XZ_FILE, XZ_S3, TIERPACK_ZSTD, TIERPACK_LEGACY_XZ }

    record Timing(long ttfbNanos, long totalNanos, long wireBytes) {}

    /** Per method, per store path (corpus order): the cold pass and the best of the rounds. */
    public record Result(List<NarInfo> paths, Map<Method, List<Timing>> cold, Map<Method, List<Timing>> best, int rounds) {
        long narBytes() {
            return paths.stream().mapToLong(NarInfo::narSize).sum();
        }

        double throughputMBps(Map<Method, List<Timing>> t, Method m) {
            return narBytes() / 1e6 / (t.get(m).stream().mapToLong(Timing::totalNanos).sum() / 1e9);
        }

        double throughputMBps(Method m) {
            return throughputMBps(best, m);
        }

        static double medianTtfbMs(Map<Method, List<Timing>> t, Method m) {
            long[] v = t.get(m).stream().mapToLong(Timing::ttfbNanos).sorted().toArray();
            return v[v.length / 2] / 1e6;
        }

        double wireMB(Method m) {
            return best.get(m).stream().mapToLong(Timing::wireBytes).sum() / 1e6;
        }

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%d store paths, %.1f MB of NARs; cold pass, then best of %d rounds%n",
                    paths.size(), narBytes() / 1e6, rounds));
            sb.append("| method | bytes sent | TTFB median, cold | TTFB median | total | NAR MB/s | MB/s vs XZ_FILE | MB/s vs XZ_S3 |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Method m : Method.values()) {
                sb.append(String.format(Locale.ROOT, "| %s | %.1f MB | %.2f ms | %.2f ms | %.2f s | %.1f | %.2fx | %.2fx |%n",
                        m, wireMB(m), medianTtfbMs(cold, m), medianTtfbMs(best, m),
                        best.get(m).stream().mapToLong(Timing::totalNanos).sum() / 1e9, throughputMBps(m),
                        throughputMBps(m) / throughputMBps(Method.XZ_FILE), throughputMBps(m) / throughputMBps(Method.XZ_S3)));
            }
            sb.append(String.format(Locale.ROOT, "tierpack zstd vs XZ_FILE: throughput %.2fx, median TTFB %.2fx; "
                    + "vs XZ_S3: throughput %.2fx, median TTFB %.2fx%n",
                    throughputMBps(Method.TIERPACK_ZSTD) / throughputMBps(Method.XZ_FILE),
                    medianTtfbMs(best, Method.TIERPACK_ZSTD) / medianTtfbMs(best, Method.XZ_FILE),
                    throughputMBps(Method.TIERPACK_ZSTD) / throughputMBps(Method.XZ_S3),
                    medianTtfbMs(best, Method.TIERPACK_ZSTD) / medianTtfbMs(best, Method.XZ_S3)));
            return sb.toString();
        }
    }

    private ReadBackBenchmark() {}

    /** Measures {@code paths} (store paths of {@code corpus}). */
    public static Result run(MigratedCorpus corpus, List<NarInfo> paths, int rounds) throws Exception {
        corpus.s3.createBucketIfMissing("original");
        try (Tier original = MigratedCorpus.tier(corpus.s3, "original")) {
            upload(original, Corpus.cache(), paths);
            HttpServer files = server(key -> {
                Path f = Corpus.cache().resolve(key).normalize();
                try {
                    return f.startsWith(Corpus.cache()) && Files.isRegularFile(f) ? Files.newInputStream(f) : null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            HttpServer bucket = server(key -> {
                try {
                    return original.read(key);
                } catch (TierObjectNotFoundException e) {
                    return null;
                }
            });
            try (CacheServer tierpack = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                    ServeConfig.defaults());
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                Map<Method, String> base = new EnumMap<>(Method.class);
                base.put(Method.XZ_FILE, "http://127.0.0.1:" + files.getAddress().getPort());
                base.put(Method.XZ_S3, "http://127.0.0.1:" + bucket.getAddress().getPort());
                base.put(Method.TIERPACK_ZSTD, tierpack.uri().toString());
                base.put(Method.TIERPACK_LEGACY_XZ, tierpack.uri().toString());
                Map<Method, List<Timing>> cold = new EnumMap<>(Method.class);
                Map<Method, List<Timing>> best = new EnumMap<>(Method.class);
                for (Method m : Method.values()) {
                    cold.put(m, new ArrayList<>());
                    best.put(m, new ArrayList<>(Collections.nCopies(paths.size(), (Timing) null)));
                }
                for (NarInfo info : paths) {
                    for (Method m : Method.values()) {
                        cold.get(m).add(fetch(client, m, info, base.get(m)));
                    }
                }
                Method[] order = Method.values();
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < paths.size(); i++) {
                        for (int k = 0; k < order.length; k++) {
                            Method m = order[(k + r + i) % order.length];
                            Timing t = fetch(client, m, paths.get(i), base.get(m));
                            Timing b = best.get(m).get(i);
                            best.get(m).set(i, b == null ? t : new Timing(Math.min(b.ttfbNanos(), t.ttfbNanos()),
                                    Math.min(b.totalNanos(), t.totalNanos()), t.wireBytes()));
                        }
                    }
                }
                return new Result(paths, cold, best, rounds);
            } finally {
                files.stop(0);
                bucket.stop(0);
            }
        }
    }

    private static Timing fetch(HttpClient client, Method m, NarInfo info, String base) throws Exception {
        String hash = info.storePath().hashPart();
        HttpResponse<byte[]> narinfo = client.send(HttpRequest.newBuilder(URI.create(base + "/" + hash + ".narinfo")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (narinfo.statusCode() != 200) {
            throw new IOException(m + ": narinfo HTTP " + narinfo.statusCode());
        }
        String url = base + "/" + (m == Method.TIERPACK_ZSTD ? "nar/" + hash + ".nar.zst" : info.url());
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IOException(m + " " + url + ": HTTP " + r.statusCode());
        }
        Counting body = new Counting(new java.io.PushbackInputStream(r.body(), 1));
        java.io.PushbackInputStream first = (java.io.PushbackInputStream) body.in();
        int b = first.read();
        long ttfb = System.nanoTime() - t0;
        first.unread(b);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long n = 0;
        try (InputStream decoded = m == Method.TIERPACK_ZSTD ? new ZstdInputStream(body)
                : Decompressors.open(Compression.XZ, body, url)) {
            byte[] buf = new byte[1 << 16];
            for (int k; (k = decoded.read(buf)) > 0; ) {
                sha.update(buf, 0, k);
                n += k;
            }
        }
        long total = System.nanoTime() - t0;
        if (n != info.narSize() || !Arrays.equals(sha.digest(), info.narHash().bytes())) {
            throw new IOException(m + " " + url + ": NAR does not match its NarHash");
        }
        return new Timing(ttfb, total, body.count);
    }

    /** Counts the bytes read (the body as sent). */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        InputStream in() {
            return in;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Puts the narinfos and .nar.xz files of {@code paths} into {@code bucket} (once). */
    private static void upload(Tier bucket, Path cache, List<NarInfo> paths) throws IOException {
        for (NarInfo info : paths) {
            for (String key : List.of(info.storePath().hashPart() + ".narinfo", info.url())) {
                if (bucket.stat(key).isPresent()) {
                    continue;
                }
                try (Upload up = bucket.upload(key)) {
                    try (OutputStream out = up.stream()) {
                        Files.copy(cache.resolve(key), out);
                    }
                    up.commit();
                }
            }
        }
    }

    /** A server streaming whatever {@code open} returns for the request path (without the leading slash); 404 if null. */
    private static HttpServer server(Function<String, InputStream> open) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/", ex -> {
            String key = ex.getRequestURI().getPath().substring(1);
            InputStream in = key.contains("..") ? null : open.apply(key);
            if (in == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(200, 0);
            try (in; OutputStream out = ex.getResponseBody()) {
                in.transferTo(out);
            }
        });
        s.start();
        return s;
    }
}
