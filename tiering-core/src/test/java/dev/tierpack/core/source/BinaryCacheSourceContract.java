package dev.tierpack.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link BinaryCacheSource} contract, checked against the real-Nix golden corpus
 * ({@link Corpus#cache()}). A subclass presents that directory through its implementation (a
 * local directory, a bucket prefix, …) and inherits every test.
 */
public abstract class BinaryCacheSourceContract {

    /** A source whose objects are exactly the files under {@link Corpus#cache()}. */
    protected abstract BinaryCacheSource openCorpusSource();

    /** The same with a listing page size; implementations that do not page ignore it. */
    protected BinaryCacheSource openCorpusSource(int pageSize) {
        return openCorpusSource();
    }

    /** Corpus files as (key, size) in S3 key order, computed from the file system independently of any source. */
    protected static List<KeySize> expectedCorpus() {
        Path root = Corpus.cache();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> new KeySize(root.relativize(p).toString().replace('\\', '/'), size(p)))
                    .sorted((a, b) -> Arrays.compareUnsigned(
                            a.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            b.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected record KeySize(String key, long size) {}

    protected BinaryCacheSource source;
    protected List<KeySize> expected;

    @BeforeEach
    protected void openSource() {
        source = openCorpusSource();
        expected = expectedCorpus();
    }

    @AfterEach
    protected void closeSource() {
        source.close();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<SourceObject> drain(Iterator<SourceObject> it) {
        List<SourceObject> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<KeySize> keySizes(List<SourceObject> objects) {
        return objects.stream().map(o -> new KeySize(o.key(), o.size())).toList();
    }

    private List<KeySize> expectedAfter(String startAfter) {
        return expected.stream().filter(k -> KeyOrder.compare(k.key(), startAfter) > 0).toList();
    }

    @Test
    void listsExactlyTheCorpusInKeyOrderWithSizes() {
        List<SourceObject> listed = drain(source.list(null));
        assertThat(keySizes(listed)).containsExactlyElementsOf(expected);
        assertThat(listed).allSatisfy(o -> assertThat(o.lastModified()).isNotNull());
        assertThat(listed).extracting(SourceObject::key).isSortedAccordingTo(KeyOrder.UTF8).doesNotHaveDuplicates();
    }

    @Test
    void corpusHasTheExpectedShape() {
        // guards the other tests against an empty or partial corpus
        assertThat(expected).hasSizeGreaterThanOrEqualTo(76);
        assertThat(expected).extracting(KeySize::key).contains("nix-cache-info");
    }

    @Test
    void classifiesEveryCorpusKey() {
        Map<KeyKind, Long> kinds = drain(source.list(null)).stream()
                .collect(Collectors.groupingBy(SourceObject::kind, Collectors.counting()));
        long nars = Corpus.nars().size();
        assertThat(nars).isPositive();
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of(
                KeyKind.NARINFO, 25L,
                KeyKind.LISTING, 25L,
                KeyKind.NAR, nars,
                KeyKind.CACHE_INFO, 1L));
    }

    @Test
    void resumesAfterChosenKeysIncludingAbsentOnes() {
        String firstNarinfo = expected.stream().map(KeySize::key).filter(k -> k.endsWith(".narinfo")).findFirst().orElseThrow();
        String firstNar = expected.stream().map(KeySize::key).filter(k -> k.startsWith("nar/")).findFirst().orElseThrow();
        List<String> resumePoints = List.of(
                "",                                     // before everything
                expected.getFirst().key(),              // first key
                firstNarinfo,                           // an existing key in the middle
                firstNarinfo.replace(".narinfo", ".m"), // absent: between .ls and .narinfo of one hash
                "nar",                                  // absent: sorts just before "nar/…"
                "nar-zzz",                              // absent: still before "nar/" ('-' < '/')
                "nar/",                                 // absent: the directory prefix itself
                firstNar,                               // first NAR
                firstNar + "!",                         // absent: right after the first NAR
                "nar/zzzz",                             // absent: after every NAR
                "nix-cache-info",                       // existing, after nar/
                expected.getLast().key(),               // last key: nothing after it
                "~");                                   // after every key made of letters and digits
        for (String after : resumePoints) {
            assertThat(keySizes(drain(source.list(after)))).as("startAfter=%s", after)
                    .containsExactlyElementsOf(expectedAfter(after));
        }
    }

    @Test
    void resumesAfterEveryListedKey() {
        for (KeySize k : expected) {
            List<SourceObject> rest = drain(source.list(k.key()));
            assertThat(keySizes(rest)).as("startAfter=%s", k.key()).containsExactlyElementsOf(expectedAfter(k.key()));
        }
    }

    @Test
    void smallPagesGiveTheSameListing() {
        for (int pageSize : new int[] {1, 7}) {
            try (BinaryCacheSource paged = openCorpusSource(pageSize)) {
                assertThat(keySizes(drain(paged.list(null)))).as("pageSize=%d", pageSize).containsExactlyElementsOf(expected);
                String after = expected.get(expected.size() / 3).key();
                assertThat(keySizes(drain(paged.list(after)))).as("pageSize=%d after=%s", pageSize, after)
                        .containsExactlyElementsOf(expectedAfter(after));
            }
        }
    }

    @Test
    void iteratorIsWellBehaved() {
        Iterator<SourceObject> it = source.list(expected.get(expected.size() - 2).key());
        assertThat(it.hasNext()).isTrue();
        assertThat(it.hasNext()).isTrue(); // idempotent
        assertThat(it.next().key()).isEqualTo(expected.getLast().key());
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void openStreamsEachObjectsExactBytes() throws IOException {
        for (KeySize k : expected) {
            byte[] want = Files.readAllBytes(Corpus.cache().resolve(k.key()));
            try (InputStream in = source.open(k.key())) {
                assertThat(in.readAllBytes()).as(k.key()).isEqualTo(want);
            }
        }
    }

    @Test
    void openRangeReturnsTheSlice() throws IOException {
        List<KeySize> nars = expected.stream().filter(k -> k.key().startsWith("nar/")).limit(5).toList();
        for (KeySize k : nars) {
            byte[] all = Files.readAllBytes(Corpus.cache().resolve(k.key()));
            int n = all.length;
            long[][] ranges = {{0, n}, {0, 1}, {1, n - 1}, {n / 2, Math.min(100, n - n / 2)}, {n - 1, 1}, {n, 0}, {3, 0}};
            for (long[] r : ranges) {
                int off = (int) r[0];
                int len = (int) r[1];
                try (InputStream in = source.openRange(k.key(), off, len)) {
                    assertThat(in.readAllBytes()).as("%s %d+%d", k.key(), off, len)
                            .isEqualTo(Arrays.copyOfRange(all, off, off + len));
                }
            }
        }
    }

    @Test
    void rangeBeyondTheEndIsRefused() {
        KeySize k = expected.stream().filter(e -> e.key().startsWith("nar/")).findFirst().orElseThrow();
        for (long[] r : new long[][] {{k.size() - 1, 2}, {k.size(), 1}, {k.size() + 10, 5}, {k.size() + 1, 0}}) {
            assertThatThrownBy(() -> source.openRange(k.key(), r[0], r[1]).close())
                    .as("%d+%d", r[0], r[1])
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("range beyond end")
                    .hasMessageContaining(k.key());
        }
    }

    @Test
    void headReportsSizeOrEmpty() {
        for (KeySize k : expected) {
            assertThat(source.head(k.key())).as(k.key())
                    .hasValueSatisfying(o -> {
                        assertThat(o.key()).isEqualTo(k.key());
                        assertThat(o.size()).isEqualTo(k.size());
                    });
        }
        assertThat(source.head("nar/00000000000000000000000000000000000000000000000000.nar.xz")).isEmpty();
        assertThat(source.head("nix-cache-info.bak")).isEmpty();
        assertThat(source.head("nar")).isEmpty(); // a "directory" is not an object
    }

    @Test
    void missingKeysFailNamingKeyAndSource() {
        String missing = "nar/11111111111111111111111111111111111111111111111111.nar.xz";
        Function<Runnable, org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>> check =
                r -> assertThatThrownBy(r::run)
                        .isInstanceOf(SourceException.class)
                        .hasMessageContaining("object not found")
                        .hasMessageContaining("key=" + missing)
                        .hasMessageContaining(source.describe());
        check.apply(() -> source.open(missing));
        check.apply(() -> source.openRange(missing, 0, 10));
        check.apply(() -> source.openRange(missing, 0, 0));
    }

    @Test
    void describeIsAUriWithoutSecrets() {
        assertThat(source.describe()).matches("^(s3|file)://.*");
        assertThat(source.describe()).doesNotContainIgnoringCase("secret");
    }
}
