package dev.tierpack.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LocalDirSource} behaviour beyond the shared contract: ordering corner cases, laziness, path safety. */
class LocalDirSourceTest {

    @TempDir
    Path root;

    private void write(String key, String content) {
        try {
            Path p = root.resolve(key);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> keys(Iterator<SourceObject> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(o -> out.add(o.key()));
        return out;
    }

    @Test
    void listsInS3OrderAcrossDirectoryBoundaries() throws IOException {
        for (String k : List.of("nar-x", "nar/b.nar.xz", "nar/a.nar.xz", "nar.x", "na", "nar/sub/deep", "nar/sub-x",
                "nar0", "nix-cache-info", "z", "log/x.drv")) {
            write(k, k);
        }
        Files.createDirectories(root.resolve("empty/dir"));
        List<String> expected = List.of("log/x.drv", "na", "nar-x", "nar.x", "nar/a.nar.xz", "nar/b.nar.xz",
                "nar/sub-x", "nar/sub/deep", "nar0", "nix-cache-info", "z");
        try (LocalDirSource s = new LocalDirSource(root)) {
            assertThat(keys(s.list(null))).containsExactlyElementsOf(expected);
            for (String after : List.of("", "log", "log/", "n", "nar", "nar-", "nar-x", "nar/", "nar/a", "nar/b.nar.xz",
                    "nar/sub", "nar/sub/", "nar/sub/deep", "nar/sub/zzz", "nar/zzz", "nar0", "nix", "empty/dir/x", "zz")) {
                assertThat(keys(s.list(after))).as("after %s", after)
                        .containsExactlyElementsOf(expected.stream().filter(k -> KeyOrder.compare(k, after) > 0).toList());
            }
        }
    }

    @Test
    void reportsSizeAndModificationTime() throws IOException {
        write("nix-cache-info", "StoreDir: /nix/store\n");
        Files.setLastModifiedTime(root.resolve("nix-cache-info"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2024-05-01T12:00:00Z")));
        try (LocalDirSource s = new LocalDirSource(root)) {
            SourceObject o = s.list(null).next();
            assertThat(o).isEqualTo(new SourceObject("nix-cache-info", 21, java.time.Instant.parse("2024-05-01T12:00:00Z"), null));
            assertThat(s.head("nix-cache-info")).contains(o);
        }
    }

    @Test
    void walkIsLazy() throws IOException {
        write("a", "a");
        write("m/1", "1");
        write("z/1", "1");
        try (LocalDirSource s = new LocalDirSource(root)) {
            Iterator<SourceObject> it = s.list(null);
            assertThat(it.next().key()).isEqualTo("a");
            // changes in directories the walk has not reached yet are seen; a vanished file is skipped
            write("z/0", "0");
            Files.delete(root.resolve("m/1"));
            assertThat(keys(it)).containsExactly("z/0", "z/1");
        }
    }

    @Test
    void followsSymlinksInsideTheRoot() throws IOException {
        write("real/nar/x.nar.xz", "12345");
        Files.createSymbolicLink(root.resolve("link.narinfo"), root.resolve("real/nar/x.nar.xz"));
        Files.createSymbolicLink(root.resolve("alias"), Path.of("real/nar"));
        try (LocalDirSource s = new LocalDirSource(root)) {
            List<SourceObject> all = new ArrayList<>();
            s.list(null).forEachRemaining(all::add);
            assertThat(all).extracting(SourceObject::key).containsExactly("alias/x.nar.xz", "link.narinfo", "real/nar/x.nar.xz");
            assertThat(all).extracting(SourceObject::size).containsOnly(5L);
            try (InputStream in = s.open("alias/x.nar.xz")) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("12345");
            }
        }
    }

    @Test
    void refusesSymlinksThatEscapeTheRoot(@TempDir Path outside) throws IOException {
        Path secret = Files.writeString(outside.resolve("secret"), "do not read");
        write("a.narinfo", "a");
        Files.createSymbolicLink(root.resolve("evil.narinfo"), secret);
        Files.createSymbolicLink(root.resolve("evildir"), outside);
        try (LocalDirSource s = new LocalDirSource(root)) {
            assertThatThrownBy(() -> keys(s.list(null)))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("outside the source directory")
                    .hasMessageContaining("key=evil");
            for (String key : List.of("evil.narinfo", "evildir/secret")) {
                assertThatThrownBy(() -> s.open(key)).isInstanceOf(SourceException.class)
                        .hasMessageContaining("outside the source directory").hasMessageContaining("key=" + key);
                assertThatThrownBy(() -> s.openRange(key, 0, 1)).isInstanceOf(SourceException.class)
                        .hasMessageContaining("outside the source directory");
                assertThatThrownBy(() -> s.head(key)).isInstanceOf(SourceException.class)
                        .hasMessageContaining("outside the source directory");
            }
        }
    }

    @Test
    void refusesDirectorySymlinkCycles() throws IOException {
        write("d/file", "x");
        Files.createSymbolicLink(root.resolve("d/loop"), root.resolve("d"));
        try (LocalDirSource s = new LocalDirSource(root)) {
            assertThatThrownBy(() -> keys(s.list(null)))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("cycle")
                    .hasMessageContaining("key=d/loop/");
        }
    }

    @Test
    void skipsDanglingSymlinks() throws IOException {
        write("a", "a");
        Files.createSymbolicLink(root.resolve("b"), root.resolve("missing"));
        try (LocalDirSource s = new LocalDirSource(root)) {
            assertThat(keys(s.list(null))).containsExactly("a");
            assertThat(s.head("b")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "nar/../../x", "nar/../nix-cache-info", "/etc/passwd", "a//b", "./a", "a/.", "nar/", "a\0b"})
    void refusesKeysThatAreNotPlainRelativePaths(String key) {
        write("nix-cache-info", "x");
        try (LocalDirSource s = new LocalDirSource(root)) {
            for (Runnable r : List.<Runnable>of(() -> s.open(key), () -> s.openRange(key, 0, 1), () -> s.head(key))) {
                assertThatThrownBy(r::run).isInstanceOf(SourceException.class)
                        .hasMessageContaining("invalid key")
                        .hasMessageContaining(s.describe());
            }
        }
    }

    @Test
    void aDirectoryIsNotAnObject() throws IOException {
        write("nar/x.nar", "x");
        try (LocalDirSource s = new LocalDirSource(root)) {
            assertThat(s.head("nar")).isEmpty();
            assertThatThrownBy(() -> s.open("nar")).isInstanceOf(SourceException.class)
                    .hasMessageContaining("object not found").hasMessageContaining("key=nar");
        }
    }

    /** Random trees: the walk equals a sort of all keys, and resuming anywhere gives the tail. */
    @Property(tries = 60)
    void walkEqualsSortedKeys(@ForAll("trees") Set<String> generated, @ForAll("segments") String resumeAt) throws IOException {
        Set<String> files = withoutFileDirectoryClashes(generated);
        Path dir = Files.createTempDirectory("tierpack-walk");
        try {
            for (String k : files) {
                Path p = dir.resolve(k);
                Files.createDirectories(p.getParent());
                Files.writeString(p, k);
            }
            List<String> sorted = files.stream().sorted(KeyOrder.UTF8).toList();
            try (LocalDirSource s = new LocalDirSource(dir)) {
                assertThat(keys(s.list(null))).containsExactlyElementsOf(sorted);
                List<String> afters = new ArrayList<>(List.of(resumeAt));
                sorted.stream().limit(3).forEach(afters::add);
                files.stream().map(k -> k.contains("/") ? k.substring(0, k.lastIndexOf('/') + 1) : k + "-").forEach(afters::add);
                for (String after : afters) {
                    assertThat(keys(s.list(after))).as("after %s", after)
                            .containsExactlyElementsOf(sorted.stream().filter(k -> KeyOrder.compare(k, after) > 0).toList());
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A path cannot be both a file and a directory: drop files that are also used as directories. */
    private static Set<String> withoutFileDirectoryClashes(Set<String> keys) {
        Set<String> out = new TreeSet<>(keys);
        for (String k : keys) {
            for (int i = k.indexOf('/'); i >= 0; i = k.indexOf('/', i + 1)) {
                out.remove(k.substring(0, i));
            }
        }
        return out;
    }

    @Provide
    Arbitrary<String> segments() {
        // characters around '/' (0x2F) in byte order, plus non-ASCII and a supplementary character
        return Arbitraries.of("a", "b", "-", ".", "0", "_", "é", "\uE000", "\uD83D\uDE00")
                .list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l))
                .filter(s -> !s.equals(".") && !s.equals(".."));
    }

    @Provide
    Arbitrary<Set<String>> trees() {
        return segments().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l))
                .set().ofMinSize(1).ofMaxSize(20);
    }
}
