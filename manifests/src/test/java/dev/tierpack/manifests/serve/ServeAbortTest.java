package dev.tierpack.manifests.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.MigratedCorpus;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.manifests.publish.ManifestPublisher;
import dev.tierpack.manifests.publish.MigrationSession;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.index.ChunkIndex;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NAR that fails its NarHash check while streaming: the client sees a broken transfer, never a complete body. */
class ServeAbortTest {
    @TempDir Path tmp;

    @Test
    void aFailureMidStreamAbortsTheConnection() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        corpus.s3.createBucketIfMissing("lying");
        NarInfo info = corpus.infos().stream().filter(i -> i.narSize() > 1 << 20).findFirst().orElseThrow();
        String hash = info.storePath().hashPart();
        try (Tier warm = MigratedCorpus.tier(corpus.s3, "lying");
                ChunkIndex index = ChunkIndex.open(tmp.resolve("index"));
                Catalog catalog = Catalog.open(tmp.resolve("catalog"))) {
            try (BinaryCacheSource source = new LocalDirSource(Corpus.cache());
                    MigrationSession session = new MigrationSession(warm, index, catalog,
                            MigratedCorpus.packerConfig(tmp.resolve("work")), MigratedCorpus.manifestPackConfig())) {
                session.ingest(info, hash + ".narinfo", source);
                session.flush();
            }
            ReadBack readBack = new ReadBack(catalog, index, ChunkTiers.warmOnly(warm), ReassemblyConfig.defaults());
            Manifest real = readBack.manifest(readBack.lookup(hash).orElseThrow());
            NarInfo lying = new NarInfo(info.storePath(), info.url(), info.compression(), info.fileHash(),
                    info.fileSize(), NixHash.hash(HashAlgorithm.SHA256, new byte[0]), info.narSize(), info.references(),
                    info.deriver(), info.sigs(), info.ca(), info.unknownFields());
            try (ManifestPublisher publisher = new ManifestPublisher(warm, index, catalog, MigratedCorpus.manifestPackConfig())) {
                publisher.add(new Manifest(lying, lying.toText(), real.placement(), real.layout()));
                publisher.flush(); // a later manifest pack: its entry replaces the true one
            }
            try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), readBack,
                    ServeConfig.defaults())) {
                RawHttp.Response zst = RawHttp.send(server.address(), "GET /nar/" + hash + ".nar.zst HTTP/1.1");
                assertThat(zst.status()).isEqualTo(200);
                assertThat(zst.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
                assertThat(zst.cleanEnd()).isFalse(); // no final chunk: the transfer visibly failed
                assertThat(zst.body().length).isPositive();

                RawHttp.Response plain = RawHttp.send(server.address(), "GET /nar/" + hash + ".nar HTTP/1.1");
                assertThat(plain.status()).isEqualTo(200);
                assertThat(plain.header("Content-Length")).isEqualTo(Long.toString(info.narSize()));
                assertThat(plain.cleanEnd()).isFalse();
                assertThat((long) plain.body().length).isLessThan(info.narSize());

                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    assertThatThrownBy(() -> {
                        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(
                                URI.create(server.uri() + "/nar/" + hash + ".nar.zst")).build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = new ZstdInputStream(r.body())) {
                            in.transferTo(java.io.OutputStream.nullOutputStream());
                        }
                    }).isInstanceOf(java.io.IOException.class);
                }
                assertThat(server.abortedResponses()).isEqualTo(3);
            }
        }
    }
}
