package dev.tierpack.core.embedded;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.s3.Credentials;
import dev.tierpack.core.s3.S3Clients;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server running in this JVM: S3Proxy over the jclouds {@code filesystem}
 * provider, listening on {@code 127.0.0.1} only, requiring AWS signature v4.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Objects live under {@code <dataDir>/blobs/<bucket>/<key>} and survive restarts.
 *   <li>The access key and a random secret are generated at the first start and persisted in
 *       {@code <dataDir>/credentials.properties} (permissions {@code 0600}); later starts reuse
 *       them. The secret is never logged ({@link Credentials#toString()} masks it).
 *   <li>One server per data directory: a second {@link #start} on a directory in use fails with
 *       {@link ConfigException} instead of corrupting it.
 *   <li>Multipart uploads and ranged GETs work (they are what pack upload and chunk reads use).
 * </ul>
 */
public final class EmbeddedS3 implements AutoCloseable {
    /** Region the embedded server accepts in v4 signatures and {@link #client()} uses. */
    public static final Region REGION = Region.US_EAST_1;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Path dataDir;
    private final Credentials credentials;
    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private S3Client client;
    private boolean closed;

    private EmbeddedS3(Path dataDir, Credentials credentials, BlobStoreContext blobs, S3Proxy proxy,
            FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.credentials = credentials;
        this.blobs = blobs;
        this.proxy = proxy;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * Starts a server persisting under {@code dataDir} (created if missing).
     *
     * @param port TCP port on 127.0.0.1, or 0 to pick a free one ({@link #endpoint()} reports it)
     * @throws ConfigException if the directory is unusable or in use, or the port cannot be bound
     */
    public static EmbeddedS3 start(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException("port out of range", "port", port);
        }
        long t0 = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        BlobStoreContext context = null;
        S3Proxy proxy = null;
        try {
            Path blobDir = Files.createDirectories(dir.resolve("blobs"));
            lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, dir);
            Credentials credentials = CredentialsFile.loadOrCreate(dir.resolve(CredentialsFile.NAME));

            Properties overrides = new Properties();
            overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, blobDir.toString());
            // an ApiMetadata instance, not the id "filesystem": looking a provider up by id runs
            // the ServiceLoader over every provider S3Proxy ships, including the excluded backends
            context = ContextBuilder.newBuilder(new FilesystemApiMetadata())
                    .overrides(overrides)
                    .modules(List.of(new SLF4JLoggingModule()))
                    .buildView(BlobStoreContext.class);
            proxy = S3Proxy.builder()
                    .blobStore(new S3LikeListings(context.getBlobStore()))
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V4, credentials.accessKey(), credentials.secretKey())
                    .build();
            proxy.start();
            EmbeddedS3 s3 = new EmbeddedS3(dir, credentials, context, proxy, lockChannel, lock);
            log.info("embedded S3 started: endpoint={} dataDir={} accessKey={} startupMs={}",
                    s3.endpoint, dir, credentials.accessKey(), (System.nanoTime() - t0) / 1_000_000);
            return s3;
        } catch (ConfigException e) {
            closeQuietly(proxy, context, lockChannel);
            throw e;
        } catch (Exception e) {
            closeQuietly(proxy, context, lockChannel);
            throw new ConfigException("cannot start embedded S3 server", e, "dataDir", dir, "port", port,
                    "cause", String.valueOf(e.getMessage()));
        }
    }

    /**
     * The credentials of the server that runs (or will run) on {@code dataDir}, created (owner-only file) if the
     * directory has none yet: what a client in another process needs to sign its requests, read from the file.
     *
     * @throws ConfigException if the directory or its credentials file is unusable
     */
    public static Credentials credentialsOf(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            return CredentialsFile.loadOrCreate(dir.resolve(CredentialsFile.NAME));
        } catch (IOException e) {
            throw new ConfigException("cannot read embedded S3 credentials", e, "dataDir", dir,
                    "cause", String.valueOf(e.getMessage()));
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new ConfigException("data directory is in use by another embedded S3 server", "dataDir", dir);
        }
        return lock;
    }

    /** {@code http://127.0.0.1:<actual port>}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The access key and secret clients must sign with. */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * Creates the bucket unless it already exists.
     *
     * @throws ConfigException if the name is not a valid S3 bucket name
     */
    public void createBucketIfMissing(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new ConfigException("invalid bucket name", "bucket", bucket);
        }
        ensureOpen();
        try {
            blobs.getBlobStore().createContainerInLocation(null, bucket);
        } catch (RuntimeException e) {
            throw new TierpackException("cannot create bucket", e, "bucket", bucket, "endpoint", endpoint);
        }
    }

    /**
     * A client for this server (path-style, {@link #REGION}, this server's credentials). The
     * client is shared and owned by this server: do not close it; {@link #close()} does.
     */
    public synchronized S3Client client() {
        ensureOpen();
        if (client == null) {
            client = S3Clients.create(endpoint, REGION, true, credentials.provider());
        }
        return client;
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("embedded S3 server is closed: " + endpoint);
        }
    }

    /** Stops the server and releases the data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client != null) {
            client.close();
        }
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("releasing data directory lock failed", e);
        }
        closeQuietly(proxy, blobs, lockChannel);
        log.info("embedded S3 stopped: endpoint={}", endpoint);
    }

    private static void closeQuietly(S3Proxy proxy, BlobStoreContext context, FileChannel lockChannel) {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                log.warn("stopping embedded S3 server failed: {}", e.toString());
            }
        }
        if (context != null) {
            context.close();
        }
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                log.debug("closing lock file failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedS3[endpoint=" + endpoint + ", dataDir=" + dataDir + "]";
    }
}
