package dev.tierpack.core.compress;

import dev.tierpack.core.error.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Decodes {@code .xz} by piping the compressed source through an {@code xz -dc -T1} child process:
 * a feeder thread copies the source to the child's stdin, the caller reads its stdout. Accepts
 * exactly what {@code xz -dc} accepts, by construction. A non-zero exit (after stdout ends) becomes
 * a {@link FormatException} whose reason uses liblzma's names ({@code xz: truncated stream},
 * {@code xz: LZMA_DATA_ERROR}, ...) from the tool's message, which goes to {@code detail}. Source
 * I/O errors propagate unchanged. Closing early kills the child.
 *
 * <p>Kept as a third choice ({@code -Dtierpack.xz=process}) for JVMs that may not load native code
 * but have the {@code xz} tool; it costs a process and a thread per object, and is measured
 * against the other decoders in {@link XzBenchmark}.
 */
final class XzProcessDecoder extends DecoderStream {
    private static final int FEED_BUFFER = 64 * 1024;
    private static volatile Boolean available;

    private final InputStream source;
    private final String objectName;
    private final Process process;
    private final InputStream stdout;
    private final Thread feeder;
    private volatile Throwable sourceFailure;
    private volatile long bytesFed;

    XzProcessDecoder(InputStream source, String objectName) throws IOException {
        super("xz", source);
        this.source = source;
        this.objectName = Objects.requireNonNull(objectName, "objectName");
        this.process = new ProcessBuilder("xz", "-dc", "-T1", "--memlimit=" + (Liblzma.DECODER_MEMLIMIT >> 20) + "MiB").start();
        this.stdout = process.getInputStream();
        this.feeder = Thread.ofPlatform().daemon().name("xz-feed").start(this::feed);
    }

    /** True if an {@code xz} executable on the PATH runs. */
    static boolean isAvailable() {
        Boolean a = available;
        if (a == null) {
            try {
                Process p = new ProcessBuilder("xz", "--version").redirectErrorStream(true).start();
                p.getInputStream().transferTo(OutputStream.nullOutputStream());
                a = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                a = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            available = a;
        }
        return a;
    }

    private void feed() {
        byte[] buf = new byte[FEED_BUFFER];
        OutputStream stdin = process.getOutputStream();
        try {
            while (true) {
                int n;
                try {
                    n = source.read(buf);
                } catch (IOException | RuntimeException e) {
                    sourceFailure = e; // closing stdin below ends xz; the reader then reports this failure
                    return;
                }
                if (n < 0) {
                    break;
                }
                stdin.write(buf, 0, n);
                bytesFed += n;
            }
        } catch (IOException brokenPipe) {
            return; // xz exited early (error or close); its exit status tells why
        } finally {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // broken pipe on close: same as above
            }
        }
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = stdout.read(b, off, len);
        } catch (IOException e) {
            rethrowSourceFailure();
            throw e;
        }
        if (n < 0) {
            finish();
        }
        return n;
    }

    private void finish() throws IOException {
        int exit;
        try {
            exit = process.waitFor();
            feeder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for xz");
        }
        rethrowSourceFailure();
        if (exit != 0) {
            String message = new String(process.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            throw failed(new FormatException("xz: " + (bytesFed == 0 ? "empty stream" : reason(message)), "object", objectName,
                    "exit", exit, "detail", message.isEmpty() ? "xz exited with status " + exit : message));
        }
    }

    private void rethrowSourceFailure() throws IOException {
        Throwable own = sourceFailure;
        if (own instanceof IOException io) {
            throw io;
        } else if (own instanceof RuntimeException re) {
            throw re;
        }
    }

    /** The child process; for tests. */
    Process process() {
        return process;
    }

    private static String reason(String message) {
        if (message.contains("Unexpected end of input")) {
            return "truncated stream";
        } else if (message.contains("File format not recognized")) {
            return "LZMA_FORMAT_ERROR";
        } else if (message.contains("Compressed data is corrupt")) {
            return "LZMA_DATA_ERROR";
        } else if (message.contains("Unsupported options")) {
            return "LZMA_OPTIONS_ERROR";
        } else if (message.contains("Memory usage limit")) {
            return "LZMA_MEMLIMIT_ERROR";
        }
        return "xz failed";
    }

    @Override
    void release() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        stdout.close();
        process.getErrorStream().close();
    }
}
