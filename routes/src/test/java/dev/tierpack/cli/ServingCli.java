package dev.tierpack.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code tierpack serve ...} run through {@link Main} on a virtual thread until closed (interrupted). */
final class ServingCli implements AutoCloseable {
    final URI uri;
    final String banner;
    private final Thread thread;
    private final StringWriter err;
    private final int[] status;

    private ServingCli(URI uri, String banner, Thread thread, StringWriter err, int[] status) {
        this.uri = uri;
        this.banner = banner;
        this.thread = thread;
        this.err = err;
        this.status = status;
    }

    /** Starts {@code serve --listen 127.0.0.1:<free port> ARGS} and waits for its "serving" line. */
    static ServingCli start(String... args) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CompletableFuture<String> serving = new CompletableFuture<>();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new Writer() {
            final StringBuilder sb = new StringBuilder();

            @Override
            public void write(char[] c, int off, int len) {
                sb.append(c, off, len);
                if (sb.indexOf("serving ") >= 0 && sb.indexOf("\n") >= 0) {
                    serving.complete(sb.toString());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> argv = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:" + port));
        argv.addAll(List.of(args));
        int[] status = {-1};
        Thread thread = Thread.ofVirtual().start(() -> {
            status[0] = cl.execute(argv.toArray(String[]::new));
            serving.complete("serve ended with status " + status[0] + ": " + err);
        });
        String banner = serving.get(60, TimeUnit.SECONDS);
        if (!banner.contains("serving ")) {
            throw new IllegalStateException(banner);
        }
        return new ServingCli(URI.create("http://127.0.0.1:" + port), banner, thread, err, status);
    }

    /** Exit status once closed (-1 while running). */
    int status() {
        return status[0];
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
