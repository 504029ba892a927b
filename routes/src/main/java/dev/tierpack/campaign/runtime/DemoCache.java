package dev.tierpack.campaign.runtime;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.source.SourceCredentials;
import dev.tierpack.core.source.SourceUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo's sample binary cache in a bucket of the embedded S3 server: generated (signed with the demo key, created
 * once under {@code keys/}) the first time, left alone afterwards. Channel bumps go to {@code channels/bumpN.txt}.
 */
public final class DemoCache {
    public static final String KEY_NAME = "demo.tierpack.dev-1";

    private DemoCache() {}

    /** The sample cache's parameters: {@code packages} packages over {@code bumps} channel bumps. */
    public static GeneratorSpec spec(int packages, int bumps, String keyName) {
        Set<Integer> mass = Set.of(3, 5).stream().filter(b -> b <= bumps).collect(Collectors.toSet());
        return new GeneratorSpec(42, packages, bumps, mass, 0.4, 1.0, keyName);
    }

    /**
     * Generates the cache into {@code bucket} unless it already holds objects.
     *
     * @return the generated cache, or empty if the bucket was not empty
     */
    public static Optional<GeneratedCache> ensure(EmbeddedS3 s3, String bucket, Path stateDir, int packages, int bumps)
            throws IOException {
        if (!isEmpty(s3, bucket)) {
            return Optional.empty();
        }
        S3Client client = s3.client();
        SecretKey key = signingKey(stateDir.resolve("keys"));
        GeneratedCache cache = new CacheGenerator(spec(packages, bumps, key.name()), key).generate((k, bytes) ->
                client.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromBytes(bytes)));
        writeChannels(stateDir.resolve("channels"), cache.bumps());
        return Optional.of(cache);
    }

    /** Whether the bucket (created if missing) holds no object. */
    public static boolean isEmpty(EmbeddedS3 s3, String bucket) {
        s3.createBucketIfMissing(bucket);
        return s3.client().listObjectsV2(b -> b.bucket(bucket).maxKeys(1)).keyCount() == 0;
    }

    /** The source URI of a bucket of the embedded server, with the server's credentials. */
    public static SourceUri.S3 sourceUri(EmbeddedS3 s3, String bucket) {
        return SourceUri.S3.of(bucket, "").withEndpoint(s3.endpoint())
                .withCredentials(new SourceCredentials.Static(s3.credentials()));
    }

    /** The demo cache's signing key, created once (secret file mode 0600) and reused. */
    public static SecretKey signingKey(Path dir) throws IOException {
        Path secret = dir.resolve("demo.secret");
        Files.createDirectories(dir);
        if (!Files.exists(secret)) {
            SecretKey key = SecretKey.generate(KEY_NAME);
            Path tmp = Files.createTempFile(dir, "secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, key.toNixString());
            Files.move(tmp, secret, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve("demo.public"), key.publicKey() + "\n");
        }
        return SecretKey.parse(Files.readString(secret).strip());
    }

    private static void writeChannels(Path dir, List<List<String>> bumps) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < bumps.size(); i++) {
            Files.write(dir.resolve("bump" + (i + 1) + ".txt"), bumps.get(i));
        }
    }
}
