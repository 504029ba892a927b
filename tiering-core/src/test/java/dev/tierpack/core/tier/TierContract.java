package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Tier} contract, run against a real S3-compatible server ({@link EmbeddedS3}). A
 * subclass says how to open its tier over a bucket of that server and inherits every test. Each
 * test writes under its own key prefix, so tests share one bucket.
 */
public abstract class TierContract {
    protected static final int MIB = 1024 * 1024;
    protected static final String BUCKET = "contract";

    @TempDir
    static Path serverDir;

    protected static EmbeddedS3 server;

    protected Tier tier;
    protected String p;

    /**
     * Opens the tier under test over {@code bucket} of {@code server}.
     *
     * @param partSize the part size uploads must use
     * @param listPageSize keys per LIST request
     */
    protected abstract Tier openTier(EmbeddedS3 server, String bucket, int partSize, int listPageSize);

    /**
     * Threads on which the tier's client allocates while uploading, besides the caller's (for the
     * memory test); none by default.
     */
    protected Predicate<Thread> clientThreads() {
        return t -> false;
    }

    /** How many bytes the memory test streams: 200 MiB unless a subclass keeps its run shorter. */
    protected long memoryTestBytes() {
        return 200L * MIB;
    }

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3.start(serverDir, 0);
        server.createBucketIfMissing(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void openTier(TestInfo info) {
        tier = openTier(server, BUCKET, 5 * MIB, 3);
        p = info.getTestMethod().orElseThrow().getName() + "/";
    }

    @AfterEach
    void closeTier() {
        tier.close();
    }

    // ---- helpers ----

    protected static TierObject put(Tier t, String key, byte[] content) {
        try (Upload up = t.upload(key)) {
            up.stream().write(content);
            return up.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static byte[] read(Tier t, String key) {
        return TestData.readAll(t.read(key));
    }

    protected static byte[] readRange(Tier t, String key, long offset, int length) {
        return TestData.readAll(t.readRange(key, offset, length));
    }

    /**
     * Makes {@code key} readable before a test reads it: nothing for tiers without archive semantics; an archive
     * tier's subclass restores it (and moves its layer's clock past the restore).
     */
    protected void makeReadable(Tier t, String key) {
        // readable as written
    }

    protected byte[] readOn(Tier t, String key) {
        makeReadable(t, key);
        return read(t, key);
    }

    protected byte[] readRangeOn(Tier t, String key, long offset, int length) {
        makeReadable(t, key);
        return readRange(t, key, offset, length);
    }

    protected static List<TierObject> drain(Iterator<TierObject> it) {
        List<TierObject> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    /** Files of unfinished multipart uploads the server still keeps for the bucket. */
    protected static List<Path> leftoverParts(String bucket) {
        Path dir = server.dataDir().resolve("blobs").resolve(bucket);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".mpus-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- uploads ----

    @Test
    void smallObjectIsOneSinglePut() {
        byte[] content = TestData.bytes(1, 0, 1000);
        TierObject stored = put(tier, p + "small", content);

        assertThat(stored.key()).isEqualTo(p + "small");
        assertThat(stored.size()).isEqualTo(1000);
        assertThat(stored.etag()).doesNotContain("-"); // not a multipart ETag
        assertThat(readOn(tier, p + "small")).isEqualTo(content);
        TierObject stat = tier.stat(p + "small").orElseThrow();
        assertThat(stat.size()).isEqualTo(1000);
        assertThat(stat.etag()).isEqualTo(stored.etag());
    }

    @Test
    void emptyObject() {
        TierObject stored = put(tier, p + "empty", new byte[0]);
        assertThat(stored.size()).isZero();
        assertThat(readOn(tier, p + "empty")).isEmpty();
        assertThat(tier.stat(p + "empty").orElseThrow().size()).isZero();
    }

    @Test
    void objectOfExactlyOnePartIsASinglePut() {
        byte[] content = TestData.bytes(2, 0, 5 * MIB);
        TierObject stored = put(tier, p + "one-part", content);
        assertThat(stored.etag()).doesNotContain("-");
        assertThat(readOn(tier, p + "one-part")).isEqualTo(content);
    }

    @Test
    void threePartMultipartReadsBackByteExactAcrossPartBoundaries() throws IOException {
        long size = 2L * 5 * MIB + 1_234_567;
        TierObject stored;
        try (Upload up = tier.upload(p + "three")) {
            TestData.write(3, size, up.stream(), new byte[700_001]);
            assertThat(tier.stat(p + "three")).as("invisible before commit").isEmpty();
            stored = up.commit();
        }
        assertThat(stored.size()).isEqualTo(size);
        assertThat(stored.etag()).endsWith("-3");

        byte[] all = readOn(tier, p + "three");
        assertThat(all).hasSize((int) size);
        assertThat(all).isEqualTo(TestData.bytes(3, 0, (int) size));

        long b1 = 5L * MIB;
        long b2 = 10L * MIB;
        long[][] ranges = {
            {0, 1}, {b1 - 10, 20}, {b1 - 1, 2}, {b1, 1}, {b2 - 1, 2}, {b2 - 3, 1_000_000},
            {b1 - 3, 5L * MIB + 6}, {size - 1, 1}, {size - 100, 100}, {0, size},
        };
        for (long[] r : ranges) {
            assertThat(readRangeOn(tier, p + "three", r[0], (int) r[1]))
                    .as("range %d+%d", r[0], r[1])
                    .isEqualTo(Arrays.copyOfRange(all, (int) r[0], (int) (r[0] + r[1])));
        }
        TierObject stat = tier.stat(p + "three").orElseThrow();
        assertThat(stat.size()).isEqualTo(size);
        assertThat(stat.etag()).isEqualTo(stored.etag());
    }

    @Test
    void successiveUploadsReusePartBuffersAndStayByteExact() throws IOException {
        // the second upload's parts are written into the first one's recycled buffers (stale bytes in them)
        long size = 2L * 5 * MIB + 77_777;
        PartBufferPool.shared().clear(); // room for this tier's part size, whatever earlier tests left
        for (int seed : new int[] {31, 32}) {
            try (Upload up = tier.upload(p + "reuse-" + seed)) {
                TestData.write(seed, size, up.stream(), new byte[333_333]);
                up.commit();
            }
            assertThat(PartBufferPool.shared().idle(tier.partSize())).isPositive();
        }
        try (Upload up = tier.upload(p + "reuse-small")) { // smaller than a part: one PUT of a fresh, short buffer
            TestData.write(33, 1000, up.stream(), new byte[100]);
            up.commit();
        }
        assertThat(readOn(tier, p + "reuse-31")).isEqualTo(TestData.bytes(31, 0, (int) size));
        assertThat(readOn(tier, p + "reuse-32")).isEqualTo(TestData.bytes(32, 0, (int) size));
        assertThat(readOn(tier, p + "reuse-small")).isEqualTo(TestData.bytes(33, 0, 1000));
    }

    @Test
    void byteAtATimeWritesWork() throws IOException {
        try (Upload up = tier.upload(p + "bytes")) {
            OutputStream out = up.stream();
            for (byte b : TestData.bytes(4, 0, 3000)) {
                out.write(b);
            }
            up.commit();
        }
        assertThat(readOn(tier, p + "bytes")).isEqualTo(TestData.bytes(4, 0, 3000));
    }

    @Test
    void abortLeavesNoObjectAndNoParts() throws IOException {
        Upload up = tier.upload(p + "aborted");
        TestData.write(5, 11L * MIB, up.stream(), new byte[MIB]); // two parts sent, one buffered
        assertThat(leftoverParts(BUCKET)).as("parts of the unfinished upload").isNotEmpty();
        up.abort();
        up.abort(); // idempotent
        up.close();

        assertThat(tier.stat(p + "aborted")).isEmpty();
        assertThat(drain(tier.list(p, null))).isEmpty();
        assertThat(leftoverParts(BUCKET)).isEmpty();
        assertThatThrownBy(up::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("aborted");
        assertThatThrownBy(() -> up.stream().write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void uploadClosedWithoutCommitLeavesNothing() throws IOException {
        try (Upload up = tier.upload(p + "multipart")) {
            TestData.write(6, 6L * MIB, up.stream(), new byte[MIB]); // one part sent
        }
        try (Upload up = tier.upload(p + "small")) {
            up.stream().write(TestData.bytes(6, 0, 100));
        }
        assertThat(tier.stat(p + "multipart")).isEmpty();
        assertThat(tier.stat(p + "small")).isEmpty();
        assertThat(drain(tier.list(p, null))).isEmpty();
        assertThat(leftoverParts(BUCKET)).isEmpty();
    }

    @Test
    void commitTwiceIsRejected() {
        Upload up = tier.upload(p + "twice");
        up.commit();
        assertThatThrownBy(up::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
        up.close(); // no-op after commit
        assertThat(tier.stat(p + "twice")).isPresent();
    }

    @Test
    void overwritingReplacesTheObject() {
        put(tier, p + "k", TestData.bytes(7, 0, 10));
        put(tier, p + "k", TestData.bytes(8, 0, 20));
        assertThat(readOn(tier, p + "k")).isEqualTo(TestData.bytes(8, 0, 20));
    }

    // ---- stat, list, delete ----

    @Test
    void listsLazilyByPagesInKeyOrderWithPrefixAndStartAfter() {
        List<String> keys = List.of("a", "b", "c/d", "c/e", "d", "e", "f");
        Map<String, Long> sizes = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            put(tier, p + "in/" + keys.get(i), TestData.bytes(i, 0, 10 + i));
            sizes.put(p + "in/" + keys.get(i), 10L + i);
        }
        // neighbours of the prefix that must not be listed (not "in" itself: the file-system
        // backend cannot hold a key that is also a directory of other keys)
        put(tier, p + "im", new byte[1]);
        put(tier, p + "in0", new byte[1]);
        put(tier, p + "inx/a", new byte[1]);

        List<TierObject> all = drain(tier.list(p + "in/", null)); // page size 3: three pages
        assertThat(all).extracting(TierObject::key).containsExactlyElementsOf(keys.stream().map(k -> p + "in/" + k).toList());
        for (TierObject o : all) {
            assertThat(o.size()).isEqualTo(sizes.get(o.key()));
            assertThat(o).usingRecursiveComparison().ignoringFields("lastModified", "storageClass")
                    .isEqualTo(tier.stat(o.key()).orElseThrow());
        }
        assertThat(drain(tier.list(p + "in/", p + "in/c/d"))).extracting(TierObject::key)
                .containsExactly(p + "in/c/e", p + "in/d", p + "in/e", p + "in/f");
        assertThat(drain(tier.list(p + "in/", p + "in/c"))).extracting(TierObject::key)
                .startsWith(p + "in/c/d");
        assertThat(drain(tier.list(p + "in/", p + "in/f"))).isEmpty();
        assertThat(drain(tier.list(p + "in/", p + "a"))).hasSize(keys.size()); // startAfter before the prefix
        assertThat(drain(tier.list(p + "nothing/", null))).isEmpty();
        assertThat(drain(tier.list(p, null))).hasSize(keys.size() + 3);
    }

    @Test
    void listIteratorIsLazy() {
        for (int i = 0; i < 7; i++) {
            put(tier, p + "k" + i, new byte[] {(byte) i});
        }
        Iterator<TierObject> it = tier.list(p, null);
        assertThat(it.next().key()).isEqualTo(p + "k0");
        // objects written after the first page was fetched are seen by later pages
        put(tier, p + "k9", new byte[1]);
        List<TierObject> rest = drain(it);
        assertThat(rest).extracting(TierObject::key).endsWith(p + "k9");
        assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void deleteRemovesAndIsIdempotent() {
        put(tier, p + "gone", TestData.bytes(9, 0, 100));
        tier.delete(p + "gone");
        assertThat(tier.stat(p + "gone")).isEmpty();
        assertThatThrownBy(() -> tier.read(p + "gone")).isInstanceOf(TierObjectNotFoundException.class);
        tier.delete(p + "gone");
        tier.delete(p + "never-was");
    }

    @Test
    void missingKeyIsNotFoundNamingTierAndKey() {
        String key = p + "missing";
        assertThat(tier.stat(key)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> tier.read(key))
                .isInstanceOfSatisfying(TierObjectNotFoundException.class, e -> {
                    assertThat(e.tier()).isEqualTo(tier.name());
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("tier=" + tier.name(), "key=" + key, "op=get");
                });
        assertThatThrownBy(() -> tier.readRange(key, 0, 10))
                .isInstanceOfSatisfying(TierObjectNotFoundException.class, e ->
                        assertThat(e.getMessage()).contains("tier=" + tier.name(), "key=" + key));
    }

    @Test
    void rangeOutsideTheObjectIsRejected() {
        put(tier, p + "r", TestData.bytes(10, 0, 100));
        makeReadable(tier, p + "r");
        assertThatThrownBy(() -> tier.readRange(p + "r", 100, 1))
                .isInstanceOfSatisfying(TierException.class, e -> {
                    assertThat(e).isNotInstanceOf(TierObjectNotFoundException.class);
                    assertThat(e.code()).isEqualTo("InvalidRange");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("key=" + p + "r");
                });
        assertThatThrownBy(() -> tier.readRange(p + "r", 90, 20))
                .isInstanceOfSatisfying(TierException.class, e -> assertThat(e.code()).isEqualTo("InvalidRange"));
        assertThatThrownBy(() -> tier.readRange(p + "r", -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tier.readRange(p + "r", 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(readRangeOn(tier, p + "r", 90, 10)).isEqualTo(TestData.bytes(10, 90, 10));
    }

    @Test
    void closingAReadEarlyDoesNotDrainAndLeavesTheTierUsable() throws IOException {
        put(tier, p + "big", TestData.bytes(11, 0, 12 * MIB));
        makeReadable(tier, p + "big");
        for (int i = 0; i < 3; i++) {
            try (InputStream in = tier.read(p + "big")) {
                assertThat(in.readNBytes(10)).isEqualTo(TestData.bytes(11, 0, 10));
            }
        }
        assertThat(readRangeOn(tier, p + "big", 6 * MIB, 5)).isEqualTo(TestData.bytes(11, 6L * MIB, 5));
    }

    @Test
    void rejectsBadKeys() {
        assertThatThrownBy(() -> tier.upload("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tier.stat("/abs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tier.read(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- memory ----

    /**
     * Streams 200 MiB with 8 MiB parts and measures what the uploading thread (and the client's
     * own threads) allocate: about one part buffer (grown 64 KiB → 512 KiB → 4 MiB → 8 MiB), plus
     * the client's per-request garbage, never anything proportional to the object.
     */
    @Test
    void streamingALargeObjectAllocatesAboutTwoParts() {
        int partSize = 8 * MIB;
        long size = memoryTestBytes();
        int parts = (int) ((size + partSize - 1) / partSize);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] chunk = new byte[MIB];
        try (Tier big = openTier(server, BUCKET, partSize, 1000)) {
            // warm up the client (class loading, connection pool, signer caches) outside the measurement
            put(big, p + "warm-up", TestData.bytes(12, 0, 10));
            Map<Long, Long> before = allocations(mx);
            long t0 = System.nanoTime();
            TierObject stored;
            try (Upload up = big.upload(p + "streamed")) {
                TestData.write(13, size, up.stream(), chunk);
                stored = up.commit();
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long allocated = allocatedSince(mx, before);
            System.out.printf("memory test %s: %d MiB in %d ms, %.1f MiB allocated by uploading threads%n",
                    getClass().getSimpleName(), size / MIB, millis, allocated / (double) MIB);

            assertThat(stored.size()).isEqualTo(size);
            assertThat(stored.etag()).endsWith("-" + parts);
            // two part buffers (one filling while the previous part is in flight) plus client overhead
            assertThat(allocated).as("bytes allocated while streaming %d MiB", size / MIB).isLessThan(4L * partSize);
            for (long off : new long[] {0, partSize - 3, (parts / 2L) * partSize - 1, size - 16}) {
                assertThat(readRangeOn(big, p + "streamed", off, 16)).isEqualTo(TestData.bytes(13, off, 16));
            }
            big.delete(p + "streamed");
        }
    }

    private Map<Long, Long> allocations(ThreadMXBean mx) {
        Map<Long, Long> m = new HashMap<>();
        Thread self = Thread.currentThread();
        Predicate<Thread> client = clientThreads();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t == self || client.test(t)) {
                m.put(t.threadId(), mx.getThreadAllocatedBytes(t.threadId()));
            }
        }
        return m;
    }

    private long allocatedSince(ThreadMXBean mx, Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> now : allocations(mx).entrySet()) {
            long was = before.getOrDefault(now.getKey(), 0L);
            if (now.getValue() >= 0 && was >= 0) {
                sum += now.getValue() - was;
            }
        }
        return sum;
    }
}
