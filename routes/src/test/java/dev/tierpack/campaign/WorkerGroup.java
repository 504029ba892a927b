package dev.tierpack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.cli.Main;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A campaign run as {@code campaign list} (in this JVM) plus N {@code campaign worker} processes (child JVMs running
 * the tierpack main class) against the testbed's Kafka and S3, each worker with its own state directory and id.
 */
final class WorkerGroup {
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    final CampaignTestbed bed;
    final String name;
    final Path cache;
    final Path dir;
    final List<Worker> workers = new ArrayList<>();

    WorkerGroup(CampaignTestbed bed, String name, Path cache, Path dir) {
        this.bed = bed;
        this.name = name;
        this.cache = cache;
        this.dir = dir;
    }

    /** Lists the cache into the work topic ({@code campaign list}, in this JVM); returns its exit status. */
    int list() {
        StringWriter out = new StringWriter();
        var cl = Main.commandLineForTests();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        List<String> args = new ArrayList<>(List.of("campaign", "list", "--state-dir", dir.resolve("lister").toString(),
                "--source", cache.toUri().toString(), "--name", name, "--partitions", "6", "--list-page-size", "100",
                "--quiet"));
        args.addAll(bed.serviceArgs(name));
        int status = cl.execute(args.toArray(String[]::new));
        assertThat(status).as("campaign list:%n%s", out).isZero();
        assertThat(out.toString()).contains("campaign " + name + ": complete");
        return status;
    }

    /** Starts worker {@code id} as a child JVM. */
    Worker start(String id) throws IOException {
        return start(id, 25);
    }

    /** Starts worker {@code id} as a child JVM committing batches of {@code batchSize} store paths. */
    Worker start(String id, int batchSize) throws IOException {
        List<String> c = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "campaign", "worker", "--state-dir", dir.resolve(id).toString(),
                "--source", cache.toUri().toString(), "--name", name, "--worker-id", id,
                "--session-timeout", SESSION_TIMEOUT.toSeconds() + "s", "--partitions", "6", "--batch-size", String.valueOf(batchSize),
                "--pack-size", "128k", "--max-batch-age", "1s", "--quiet"));
        c.addAll(bed.serviceArgs(name));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        Worker w = new Worker(id, p, dir.resolve(id + ".log"));
        workers.add(w);
        return w;
    }

    /** Waits for every worker still alive to end; asserts each ended with status 0. */
    void awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Worker w : workers) {
            if (w.killed) {
                continue;
            }
            long left = Math.max(1, deadline - System.nanoTime());
            assertThat(w.process.waitFor(left, TimeUnit.NANOSECONDS)).as("worker %s ends:%n%s", w.id, w.tail()).isTrue();
            w.drained.await(10, TimeUnit.SECONDS);
            assertThat(w.process.exitValue()).as("worker %s:%n%s", w.id, w.tail()).isZero();
            assertThat(w.text()).contains("campaign " + name + ": complete");
        }
    }

    void killAll() {
        for (Worker w : workers) {
            w.process.destroyForcibly();
        }
    }

    /** Bytes of every object on the campaign's warm tier. */
    long warmBytes() {
        long bytes = 0;
        try (Tier w = bed.warm(name)) {
            for (Iterator<TierObject> it = w.list("", null); it.hasNext(); ) {
                bytes += it.next().size();
            }
        }
        return bytes;
    }

    /** Sum of the new (stored) chunk bytes of every published store path. */
    long newChunkBytes() {
        long n = 0;
        for (ProgressEvent e : bed.progressEvents(name)) {
            if (e.kind() == ProgressEvent.Kind.PUBLISHED) {
                n += e.newBytes();
            }
        }
        return n;
    }

    /** One child JVM; its output is read by a thread into a list and a log file. */
    static final class Worker {
        final String id;
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger committed = new AtomicInteger();
        final CountDownLatch drained = new CountDownLatch(1);
        volatile boolean killed;

        Worker(String id, Process process, Path log) {
            this.id = id;
            this.process = process;
            Thread.ofPlatform().daemon().name("worker-out-" + id).start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                        var file = Files.newBufferedWriter(log)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                        file.write(line);
                        file.newLine();
                        if (line.contains("batch committed")) {
                            committed.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    lines.add("(output lost: " + e + ")");
                } finally {
                    drained.countDown();
                }
            });
        }

        /** Waits until the worker's output has a line matching {@code p}. */
        void awaitLine(Predicate<String> p, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    if (lines.stream().anyMatch(p)) {
                        return;
                    }
                }
                assertThat(process.isAlive()).as("worker %s alive while waiting for %s:%n%s", id, what, tail()).isTrue();
                TimeUnit.MILLISECONDS.sleep(20); // polling a child's output: no event to wait on
            }
            throw new AssertionError("worker " + id + ": no " + what + " within " + timeout + ":\n" + tail());
        }

        void kill() throws InterruptedException {
            killed = true;
            process.destroyForcibly(); // SIGKILL
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("killed, not finished").isEqualTo(137);
        }

        String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        String tail() {
            synchronized (lines) {
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            }
        }
    }
}
