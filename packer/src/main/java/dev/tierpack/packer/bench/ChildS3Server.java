package dev.tierpack.packer.bench;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.s3.Credentials;
import dev.tierpack.core.s3.S3Clients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The embedded S3 server ({@link EmbeddedS3}) in a child JVM, so that a benchmark can tell the worker's CPU from the
 * storage server's: in production the tier is MinIO or S3 on other machines and its CPU is not the worker's. The
 * child runs {@link #main} with this JVM's class path, prints one line {@value #READY}{@code <port>} on its standard
 * output once listening, and stops when its standard input closes ({@link #close}). Its credentials are read from
 * the data directory's credentials file ({@link EmbeddedS3#credentialsOf}), never passed on a command line.
 */
public final class ChildS3Server implements AutoCloseable {
    static final String READY = "tierpack-child-s3-port=";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Credentials credentials;

    private ChildS3Server(Process process, URI endpoint, Credentials credentials) {
        this.process = process;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /**
     * Starts the child on {@code dataDir} and waits until it listens.
     *
     * @throws ConfigException the child JVM cannot be started or did not report its port
     */
    public static ChildS3Server start(Path dataDir) throws IOException {
        Credentials credentials = EmbeddedS3.credentialsOf(dataDir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ChildS3Server.class.getName(),
                dataDir.toAbsolutePath().toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            int port = awaitPort(p);
            return new ChildS3Server(p, URI.create("http://127.0.0.1:" + port), credentials);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Reads the child's output up to its ready line, then keeps draining it (so its logging never blocks). */
    private static int awaitPort(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(READY)) {
                int port = Integer.parseInt(line.substring(READY.length()).strip());
                Thread drain = new Thread(() -> drain(out), "child-s3-output");
                drain.setDaemon(true);
                drain.start();
                return port;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new ConfigException("child S3 server did not start", "exitCode",
                p.isAlive() ? "running" : String.valueOf(p.exitValue()));
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard the child's logging
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** Creates {@code bucket} on the child's server. */
    public void createBucket(String bucket) {
        try (S3Client s3 = S3Clients.create(endpoint, EmbeddedS3.REGION, true, credentials.provider())) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** CPU time (user + system, all threads) the child has used so far, or -1 if the OS does not tell. */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Closes the child's input, which stops it, and waits for it (killing it after 30 s). */
    @Override
    public void close() throws IOException {
        try (OutputStream in = process.getOutputStream()) {
            // closing stdin is the stop signal
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The child: serves {@code args[0]} until standard input ends. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ChildS3Server DATA_DIR");
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(Path.of(args[0]), 0)) {
            System.out.println(READY + s3.port());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
