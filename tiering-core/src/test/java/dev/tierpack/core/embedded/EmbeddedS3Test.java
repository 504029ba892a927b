package dev.tierpack.core.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.s3.Credentials;
import dev.tierpack.core.s3.S3Clients;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3Test {
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path sharedDir;

    static EmbeddedS3 s3;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start(sharedDir, 0);
        s3.createBucketIfMissing("test");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void reportsTheActualPortOnLoopback() {
        assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(s3.port()).isPositive();
        assertThat(s3.endpoint().getPort()).isEqualTo(s3.port());
    }

    @Test
    void bindsTheRequestedPort(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (EmbeddedS3 server = EmbeddedS3.start(dir, port)) {
            assertThat(server.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
            server.createBucketIfMissing("bucket-one");
            assertThat(server.client().listBuckets().buckets()).extracting(b -> b.name()).containsExactly("bucket-one");
        }
    }

    @Test
    void restartKeepsObjectsAndCredentials(@TempDir Path dir) throws IOException {
        Credentials first;
        try (EmbeddedS3 server = EmbeddedS3.start(dir, 0)) {
            first = server.credentials();
            server.createBucketIfMissing("keep");
            server.createBucketIfMissing("keep"); // idempotent
            server.client().putObject(b -> b.bucket("keep").key("dir/hello.txt"), RequestBody.fromString("hello"));
        }
        Path credFile = dir.resolve("credentials.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credFile))).isEqualTo("rw-------");
        assertThat(Files.readString(credFile)).contains("secretKey=" + first.secretKey());

        try (EmbeddedS3 server = EmbeddedS3.start(dir, 0)) {
            assertThat(server.credentials()).isEqualTo(first);
            String body = server.client().getObjectAsBytes(b -> b.bucket("keep").key("dir/hello.txt")).asUtf8String();
            assertThat(body).isEqualTo("hello");
        }
    }

    @Test
    void secondServerOnTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> EmbeddedS3.start(sharedDir, 0))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("in use")
                .hasMessageContaining(sharedDir.toString());
    }

    @Test
    void aPortInUseIsAConfigError(@TempDir Path dir) {
        assertThatThrownBy(() -> EmbeddedS3.start(dir, s3.port()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot start embedded S3 server")
                .hasMessageContaining("port=" + s3.port());
        // the failed start released the directory: it can be used right away
        try (EmbeddedS3 other = EmbeddedS3.start(dir, 0)) {
            assertThat(other.port()).isNotEqualTo(s3.port());
        }
    }

    @Test
    void credentialsToStringMasksTheSecret() {
        Credentials c = s3.credentials();
        assertThat(c.secretKey()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(c.toString()).contains(c.accessKey()).doesNotContain(c.secretKey()).contains("****");
    }

    @Test
    void wrongCredentialsAreRejectedWith403() {
        Credentials right = s3.credentials();
        for (Credentials wrong : List.of(
                new Credentials(right.accessKey(), right.secretKey() + "x"),
                new Credentials("someone-else", right.secretKey()))) {
            try (S3Client bad = S3Clients.create(s3.endpoint(), EmbeddedS3.REGION, true, wrong.provider())) {
                assertThatThrownBy(() -> bad.listObjectsV2(b -> b.bucket("test")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
                assertThatThrownBy(() -> bad.putObject(b -> b.bucket("test").key("intruder"), RequestBody.fromString("x")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            }
        }
        assertThat(s3.client().listObjectsV2(b -> b.bucket("test").prefix("intruder")).contents()).isEmpty();
    }

    @Test
    void multipartUploadThenRangedGets() throws IOException {
        S3Client c = s3.client();
        String key = "packs/multi.pack";
        int[] partSizes = {5 * MIB + 17, 5 * MIB + 1, 5 * MIB + 5};
        List<byte[]> parts = new ArrayList<>();
        Random random = new Random(42);
        for (int size : partSizes) {
            byte[] p = new byte[size];
            random.nextBytes(p);
            parts.add(p);
        }
        byte[] all = concat(parts);

        String uploadId = c.createMultipartUpload(b -> b.bucket("test").key(key)).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            int n = i + 1;
            byte[] p = parts.get(i);
            String etag = c.uploadPart(b -> b.bucket("test").key(key).uploadId(uploadId).partNumber(n),
                    RequestBody.fromInputStream(new java.io.ByteArrayInputStream(p), p.length)).eTag();
            done.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        // an unfinished upload's parts are not objects
        assertThat(c.listObjectsV2(b -> b.bucket("test").prefix("packs/")).contents()).isEmpty();
        assertThat(c.listObjectsV2(b -> b.bucket("test")).contents()).extracting(S3Object::key)
                .noneMatch(k -> k.contains("multi.pack"));
        assertThat(c.listObjectsV2(b -> b.bucket("test").delimiter("/")).commonPrefixes()).extracting(p -> p.prefix())
                .noneMatch(k -> k.contains("mpus"));
        c.completeMultipartUpload(b -> b.bucket("test").key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(done)));

        try (var files = Files.walk(sharedDir.resolve("blobs/test"))) { // completed parts do not linger on disk
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".mpus-"));
        }

        List<S3Object> listed = c.listObjectsV2(b -> b.bucket("test").prefix("packs/")).contents();
        assertThat(listed).extracting(S3Object::key).containsExactly(key);
        assertThat(listed.getFirst().size()).isEqualTo(all.length);
        assertThat(c.headObject(b -> b.bucket("test").key(key)).contentLength()).isEqualTo(all.length);

        // ranges inside a part, across both part boundaries, and the tail
        long[][] ranges = {{0, 1}, {123, 4096}, {partSizes[0] - 10, 20}, {partSizes[0] - 5, partSizes[1] + 10},
            {all.length - 7, 7}};
        for (long[] r : ranges) {
            long off = r[0], len = r[1];
            byte[] got;
            try (InputStream in = c.getObject(b -> b.bucket("test").key(key)
                    .range("bytes=" + off + "-" + (off + len - 1)))) {
                got = in.readAllBytes();
            }
            assertThat(got).as("range %d+%d", off, len)
                    .isEqualTo(Arrays.copyOfRange(all, (int) off, (int) (off + len)));
        }
        byte[] whole = c.getObjectAsBytes(b -> b.bucket("test").key(key)).asByteArray();
        assertThat(whole).isEqualTo(all);
    }

    /** Pack uploads stream large parts: one beyond S3Proxy's 32 MiB limit for non-chunked signed bodies. */
    @Test
    void streamsAPartLargerThanThirtyTwoMebibytes() throws IOException {
        S3Client c = s3.client();
        String key = "packs/large.pack";
        long size = 40L * MIB + 3;
        String uploadId = c.createMultipartUpload(b -> b.bucket("test").key(key)).uploadId();
        String etag = c.uploadPart(b -> b.bucket("test").key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromInputStream(new PatternStream(size), size)).eTag();
        c.completeMultipartUpload(b -> b.bucket("test").key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(c.headObject(b -> b.bucket("test").key(key)).contentLength()).isEqualTo(size);
        for (long off : new long[] {0, 33L * MIB + 11, size - 100}) {
            byte[] got;
            try (InputStream in = c.getObject(b -> b.bucket("test").key(key).range("bytes=" + off + "-" + (off + 99)))) {
                got = in.readAllBytes();
            }
            byte[] want = new byte[100];
            for (int i = 0; i < 100; i++) {
                want[i] = PatternStream.byteAt(off + i);
            }
            assertThat(got).as("offset %d", off).isEqualTo(want);
        }
        c.deleteObject(b -> b.bucket("test").key(key));
    }

    /** A deterministic stream of {@code size} bytes that is never held in memory. */
    private static final class PatternStream extends InputStream {
        private final long size;
        private long pos;

        PatternStream(long size) {
            this.size = size;
        }

        static byte byteAt(long i) {
            return (byte) (i * 31 + (i >>> 11));
        }

        @Override
        public int read() {
            return pos < size ? byteAt(pos++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = byteAt(pos++);
            }
            return n;
        }
    }

    @Test
    void rejectsInvalidBucketNames() {
        for (String bad : new String[] {"A", "Upper", "has_underscore", "ab", "-lead", "a..b"}) {
            assertThatThrownBy(() -> s3.createBucketIfMissing(bad))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("bucket=" + bad);
        }
    }

    @Test
    void listsLikeS3WithoutImplicitDirectories() {
        S3Client c = s3.client();
        List<String> keys = List.of("order/nar-x", "order/nar/b", "order/nar/sub/c", "order/nar/a", "order/na",
                "order/nix-cache-info");
        for (String k : keys) {
            c.putObject(b -> b.bucket("test").key(k), RequestBody.fromString(k, StandardCharsets.UTF_8));
        }
        c.putObject(b -> b.bucket("test").key("order/marker/"), RequestBody.empty());
        List<String> expected = List.of("order/marker/", "order/na", "order/nar-x", "order/nar/a", "order/nar/b",
                "order/nar/sub/c", "order/nix-cache-info");

        List<String> onePage = c.listObjectsV2(b -> b.bucket("test").prefix("order/")).contents().stream()
                .map(S3Object::key).toList();
        assertThat(onePage).containsExactlyElementsOf(expected);

        List<String> paged = c.listObjectsV2Paginator(b -> b.bucket("test").prefix("order/").maxKeys(1)).contents()
                .stream().map(S3Object::key).toList();
        assertThat(paged).containsExactlyElementsOf(expected);

        List<String> resumed = c.listObjectsV2(b -> b.bucket("test").prefix("order/").startAfter("order/nar-x"))
                .contents().stream().map(S3Object::key).toList();
        assertThat(resumed).containsExactly("order/nar/a", "order/nar/b", "order/nar/sub/c", "order/nix-cache-info");

        var delimited = c.listObjectsV2(b -> b.bucket("test").prefix("order/").delimiter("/"));
        assertThat(delimited.contents()).extracting(S3Object::key)
                .containsExactly("order/na", "order/nar-x", "order/nix-cache-info");
        assertThat(delimited.commonPrefixes()).extracting(p -> p.prefix()).contains("order/nar/");
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        return all;
    }
}
