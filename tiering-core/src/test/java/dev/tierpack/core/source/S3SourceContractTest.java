package dev.tierpack.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The source contract for {@link S3Source} against {@link EmbeddedS3}, with the corpus uploaded
 * under {@code cache/} and decoys around that prefix that must not be listed.
 */
class S3SourceContractTest extends BinaryCacheSourceContract {
    static final String BUCKET = "corpus";

    @TempDir
    static Path dataDir;

    static EmbeddedS3 server;

    @BeforeAll
    static void uploadCorpus() throws IOException {
        server = EmbeddedS3.start(dataDir, 0);
        server.createBucketIfMissing(BUCKET);
        S3Client c = server.client();
        Path root = Corpus.cache();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = "cache/" + root.relativize(f).toString().replace('\\', '/');
                c.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(f));
            }
        }
        // decoys: a sibling prefix sharing the name, an object before and after the prefix, a folder placeholder
        for (String decoy : List.of("cachex/nix-cache-info", "cache-old/a.narinfo", "aaa", "zzz")) {
            c.putObject(b -> b.bucket(BUCKET).key(decoy), RequestBody.fromString("decoy"));
        }
        c.putObject(b -> b.bucket(BUCKET).key("cache/"), RequestBody.empty());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SourceUri.S3 config() {
        return SourceUri.S3.of(BUCKET, "cache")
                .withEndpoint(server.endpoint())
                .withCredentials(new SourceCredentials.Static(server.credentials()));
    }

    @Override
    protected BinaryCacheSource openCorpusSource() {
        return BinaryCacheSources.open(config());
    }

    @Override
    protected BinaryCacheSource openCorpusSource(int pageSize) {
        return new S3Source(config().withPageSize(pageSize));
    }

    @Test
    void describesBucketPrefixAndEndpointButNoSecret() {
        assertThat(source.describe())
                .startsWith("s3://corpus/cache/?")
                .contains("endpoint=" + java.net.URLEncoder.encode(server.endpoint().toString(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain(server.credentials().secretKey());
    }
}
