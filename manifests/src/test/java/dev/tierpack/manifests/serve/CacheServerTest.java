package dev.tierpack.manifests.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.tierpack.core.compress.Compression;
import dev.tierpack.core.compress.Decompressors;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.PublicKey;
import dev.tierpack.core.nix.SignatureVerifier;
import dev.tierpack.core.nix.VerificationResult;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.manifests.MigratedCorpus;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.Digests;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.format.TierCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary-cache protocol over the migrated corpus, with a real HTTP client and raw sockets. */
class CacheServerTest {
    static MigratedCorpus corpus;
    static CacheServer server;
    static HttpClient client;

    @TempDir Path tmp;

    @BeforeAll
    static void start() throws IOException {
        corpus = MigratedCorpus.get();
        server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(), ServeConfig.defaults());
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    static HttpResponse<byte[]> get(CacheServer s, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(s.uri() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static NarInfo largest() {
        return corpus.infos().stream().max(Comparator.comparingLong(NarInfo::narSize)).orElseThrow();
    }

    static String digest(NarInfo info) {
        return HexFormat.of().formatHex(info.narHash().bytes()) + ":" + info.narSize();
    }

    @Test
    void servesNixCacheInfo() throws Exception {
        HttpResponse<byte[]> r = get(server, "/nix-cache-info");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/x-nix-cache-info");
        assertThat(new String(r.body())).isEqualTo("StoreDir: /nix/store\nWantMassQuery: 1\nPriority: 40\n");
    }

    @Test
    void narinfosPointAtZstdNarsAndKeepEverySignatureValid() throws Exception {
        SignatureVerifier verifier = new SignatureVerifier(List.of(PublicKey.parse(Corpus.publicKey())));
        for (NarInfo original : corpus.infos()) {
            String hash = original.storePath().hashPart();
            HttpResponse<byte[]> r = get(server, "/" + hash + ".narinfo");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/x-nix-narinfo");
            String text = new String(r.body());
            NarInfo served = NarInfo.parse(text, hash);
            assertThat(served.url()).isEqualTo("nar/" + hash + ".nar.zst");
            assertThat(served.compression()).isEqualTo("zstd");
            assertThat(served.fileHash()).isEmpty();
            assertThat(served.fileSize()).isEmpty();
            assertThat(served.withUrl(original.url()).withCompression(original.compression())
                    .withFileHash(original.fileHash().orElse(null)).withFileSize(original.fileSize().getAsLong()))
                    .isEqualTo(original);
            for (String line : Files.readAllLines(Corpus.cache().resolve(hash + ".narinfo"))) {
                if (line.startsWith("Sig: ") || line.startsWith("References: ") || line.startsWith("NarHash: ")) {
                    assertThat(text).contains(line + "\n");
                }
            }
            assertThat(verifier.verify(served)).isInstanceOf(VerificationResult.Valid.class);
        }
    }

    @Test
    void headAnswersWithTheLengthAndNoBody() throws Exception {
        String hash = corpus.infos().getFirst().storePath().hashPart();
        HttpResponse<byte[]> full = get(server, "/" + hash + ".narinfo");
        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/" + hash + ".narinfo"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(full.body().length);
        NarInfo info = largest();
        HttpResponse<byte[]> nar = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/nar/"
                + info.storePath().hashPart() + ".nar")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(nar.statusCode()).isEqualTo(200);
        assertThat(nar.headers().firstValueAsLong("Content-Length")).hasValue(info.narSize());
        assertThat(nar.headers().firstValue("Accept-Ranges")).contains("none");
    }

    @Test
    void narsDecodeToTheirNarHashInEveryEncoding() throws Exception {
        List<NarInfo> some = List.of(largest(), corpus.infos().getFirst(), corpus.infos().getLast());
        for (NarInfo info : some) {
            String hash = info.storePath().hashPart();
            HttpResponse<InputStream> zst = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/nar/" + hash
                    + ".nar.zst")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(zst.statusCode()).isEqualTo(200);
            assertThat(zst.headers().firstValue("Content-Type")).contains("application/x-nix-nar");
            try (InputStream in = new ZstdInputStream(zst.body())) {
                assertThat(Digests.of(in)).isEqualTo(digest(info));
            }
            HttpResponse<InputStream> plain = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/nar/" + hash
                    + ".nar")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(plain.headers().firstValueAsLong("Content-Length")).hasValue(info.narSize());
            try (InputStream in = plain.body()) {
                assertThat(Digests.of(in)).isEqualTo(digest(info));
            }
            // the legacy URL of the source's narinfo, xz-compressed on the fly
            HttpResponse<InputStream> xz = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/" + info.url()))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(xz.statusCode()).isEqualTo(200);
            try (InputStream in = Decompressors.open(Compression.XZ, xz.body(), info.url())) {
                assertThat(Digests.of(in)).isEqualTo(digest(info));
            }
        }
    }

    @Test
    void originalNarinfosAreServedVerbatimForLegacyClients() throws Exception {
        try (CacheServer legacy = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults().withOriginalNarInfo(true))) {
            for (NarInfo info : corpus.infos()) {
                String hash = info.storePath().hashPart();
                assertThat(get(legacy, "/" + hash + ".narinfo").body())
                        .isEqualTo(Files.readAllBytes(Corpus.cache().resolve(hash + ".narinfo")));
            }
        }
    }

    @Test
    void listingsAreNixsListings() throws Exception {
        for (NarInfo info : corpus.infos()) {
            String hash = info.storePath().hashPart();
            HttpResponse<byte[]> r = get(server, "/" + hash + ".ls");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(Files.readAllBytes(Corpus.cache().resolve(hash + ".ls")));
        }
    }

    @Test
    void unknownStorePathsAre404() throws Exception {
        String unknown = "00000000000000000000000000000000";
        for (String path : List.of("/" + unknown + ".narinfo", "/" + unknown + ".ls", "/nar/" + unknown + ".nar.zst",
                "/nar/" + "0".repeat(52) + ".nar.xz", "/", "/nar/" + unknown + ".nar.gz", "/abc.narinfo")) {
            HttpResponse<byte[]> r = get(server, path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(r.body())).as(path).isEqualTo("not found\n");
        }
    }

    @Test
    void coldStorePathsAskForARestore() throws Exception {
        CatalogEntry warm = corpus.catalog.find(corpus.infos().getFirst().storePath().hashPart()).orElseThrow();
        try (Catalog cold = Catalog.open(tmp.resolve("catalog"))) {
            cold.publish(List.of(new CatalogEntry(warm.hashPart(), TierCode.COLD, warm.manifest(), warm.manifestPack(),
                    warm.narSize(), warm.fileHash(), warm.narInfoText())));
            ReadBack readBack = new ReadBack(cold, corpus.chunkIndex, ChunkTiers.warmOnly(corpus.warm),
                    ReassemblyConfig.defaults());
            try (CacheServer s = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), readBack, ServeConfig.defaults())) {
                for (String path : List.of("/" + warm.hashPart() + ".narinfo", "/nar/" + warm.hashPart() + ".nar.zst",
                        "/" + corpus.infos().getFirst().url())) {
                    HttpResponse<byte[]> r = get(s, path);
                    assertThat(r.statusCode()).as(path).isEqualTo(404);
                    assertThat(r.headers().firstValue("X-Tierpack-Restore")).as(path).contains("required");
                }
                assertThat(get(s, "/" + warm.hashPart() + ".ls").statusCode()).isEqualTo(200); // manifests are warm
            }
        }
    }

    @Test
    void badRequestsAre400Or404Or405WithoutInternals() throws Exception {
        InetSocketAddress at = server.address();
        String hash = corpus.infos().getFirst().storePath().hashPart();
        record Case(String head, int status) {}
        List<Case> cases = List.of(
                new Case("GET /nar/../../../etc/passwd HTTP/1.1", 400),
                new Case("GET /../" + hash + ".narinfo HTTP/1.1", 400),
                new Case("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", 400),
                new Case("GET /nar/%2F" + hash + ".nar HTTP/1.1", 400),
                new Case("GET //nix-cache-info HTTP/1.1", 404), // an authority, no path: the JDK server finds no context
                new Case("GET /./nix-cache-info HTTP/1.1", 400),
                new Case("GET /nar//" + hash + ".nar HTTP/1.1", 400),
                new Case("GET /" + "a".repeat(400) + " HTTP/1.1", 400),
                new Case("GET /" + hash + ".narinfo\\..\\x HTTP/1.1", 400),
                new Case("GET /" + hash + ".narinfo HTTP/1.1\r\nRange: bytes=0-99999999999999999999999", 400),
                new Case("GET /nar/" + hash + ".nar HTTP/1.1\r\nRange: bytes=" + "1-2,".repeat(100) + "3-4", 400),
                new Case("GET /nar/" + hash + ".nar HTTP/1.1\r\nRange: items=0-1", 400),
                new Case("GET /nar/" + hash + ".nar HTTP/1.1\r\nRange: bytes=9-3", 400),
                new Case("GET /nar/" + hash + ".nar HTTP/1.1\r\nRange: bytes=" + "9".repeat(2000) + "-", 400),
                new Case("GET /etc/passwd HTTP/1.1", 404),
                new Case("GET /nar/" + hash + ".tar HTTP/1.1", 404),
                new Case("POST /" + hash + ".narinfo HTTP/1.1\r\nContent-Length: 0", 405),
                new Case("DELETE /nix-cache-info HTTP/1.1", 405));
        for (Case c : cases) {
            RawHttp.Response r = RawHttp.send(at, c.head());
            String what = c.head().lines().findFirst().orElseThrow();
            assertThat(r.status()).as(what).isEqualTo(c.status());
            // one short line, never a stack trace (request targets that are not URIs at all are rejected by the
            // JDK server itself, with its own one-line 400 body)
            assertThat(r.text()).as(what).doesNotContain("\tat ", "at dev.", "at java.", "Caused by", "/etc", "root:")
                    .hasSizeLessThan(80);
        }
        // a valid byte range is ignored: the whole NAR, 200
        RawHttp.Response ranged = RawHttp.send(at, "GET /nar/" + hash + ".nar HTTP/1.1\r\nRange: bytes=0-9");
        assertThat(ranged.status()).isEqualTo(200);
        assertThat(ranged.body().length).isEqualTo(corpus.infos().getFirst().narSize());
    }

    @Test
    void manyConcurrentClientsAllGetCorrectNars() throws Exception {
        try (CacheServer s = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults().withMaxNarStreams(4));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<NarInfo> infos = corpus.infos();
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                NarInfo info = infos.get(i % infos.size());
                results.add(clients.submit(() -> {
                    HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(s.uri() + "/nar/"
                            + info.storePath().hashPart() + ".nar.zst")).build(), HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = new ZstdInputStream(r.body())) {
                        return Digests.of(in);
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(digest(infos.get(i % infos.size())));
            }
            assertThat(s.stats().nars()).isEqualTo(32);
            assertThat(s.stats().bufferedBytes()).isZero();
        }
    }

    @Test
    void aServerWithNoFreeStreamSlotAnswers503WithRetryAfter() throws Exception {
        NarInfo big = largest();
        NarInfo small = corpus.infos().stream().min(Comparator.comparingLong(NarInfo::narSize)).orElseThrow();
        try (CacheServer s = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults().withMaxNarStreams(1).withSlotWait(java.time.Duration.ZERO));
                java.net.Socket stalled = new java.net.Socket()) {
            stalled.setReceiveBufferSize(4096); // the big NAR cannot fit in the socket buffers: its stream holds the slot
            stalled.connect(s.address());
            stalled.getOutputStream().write(("GET /nar/" + big.storePath().hashPart() + ".nar HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            stalled.getInputStream().read(); // its headers went out: the stream has its slot
            HttpResponse<byte[]> busy = get(s, "/nar/" + small.storePath().hashPart() + ".nar.zst");
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).contains("5");
            assertThat(get(s, "/" + small.storePath().hashPart() + ".narinfo").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotStopTheOthers() throws Exception {
        NarInfo big = largest();
        try (java.net.Socket stalled = new java.net.Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(server.address());
            stalled.getOutputStream().write(("GET /nar/" + big.storePath().hashPart() + ".nar HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            for (NarInfo info : corpus.infos().subList(0, 5)) {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/nar/"
                        + info.storePath().hashPart() + ".nar.zst")).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = new ZstdInputStream(r.body())) {
                    assertThat(Digests.of(in)).isEqualTo(digest(info));
                }
            }
        }
    }
}
