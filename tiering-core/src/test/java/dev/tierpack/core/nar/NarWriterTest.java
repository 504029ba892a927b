package dev.tierpack.core.nar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nar.NarEntry.Directory;
import dev.tierpack.core.nar.NarEntry.EndDirectory;
import dev.tierpack.core.nar.NarEntry.RegularFile;
import dev.tierpack.core.nar.NarEntry.Symlink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link NarWriter} produces canonical bytes and refuses event streams that are not canonical. */
class NarWriterTest {
    private static final NarPath A = NarPath.of("a");
    private static final NarPath B = NarPath.of("b");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code body} on a fresh writer and returns the FormatException it must throw. */
    private static FormatException fails(NarTesting.WriterBody body) {
        FormatException e = catchThrowableOfType(FormatException.class, () -> NarTesting.write(body));
        assertThat(e).as("expected a FormatException").isNotNull();
        return e;
    }

    @Test
    void writesTheSameBytesAsTheTokenGrammar() {
        byte[] expected = new RawNar().magic().dir()
                .entry("a").file("hello", true).close()
                .entry("b").dir().entry("c").symlink("../a").close().close().close()
                .entry("d").file("", false).close()
                .close().bytes();
        byte[] written = NarTesting.write(w -> {
            w.directory(NarPath.ROOT);
            w.file(A, true, bytes("hello"));
            w.directory(B);
            w.symlink(NarPath.of("b/c"), bytes("../a"));
            w.endDirectory(B);
            w.file(NarPath.of("d"), false, new byte[0]);
            w.endDirectory(NarPath.ROOT);
        });
        assertThat(written).isEqualTo(expected);
    }

    @Test
    void rootFileAndRootSymlink() {
        assertThat(NarTesting.write(w -> w.file(NarPath.ROOT, false, bytes("x"))))
                .isEqualTo(new RawNar().magic().file("x", false).bytes());
        assertThat(NarTesting.write(w -> w.symlink(NarPath.ROOT, bytes("/nix/store/abc"))))
                .isEqualTo(new RawNar().magic().symlink("/nix/store/abc").bytes());
    }

    @Test
    void fileReturnsTheEntryTheReaderWillSee() throws IOException {
        RegularFile[] written = new RegularFile[2];
        byte[] nar = NarTesting.write(w -> {
            w.directory(NarPath.ROOT);
            written[0] = w.file(A, true, bytes("hello"));
            written[1] = w.file(B, false, 3, new ByteArrayInputStream(bytes("xyz-not-copied")));
            w.endDirectory(NarPath.ROOT);
        });
        NarTesting.Read read = NarTesting.readAll(nar);
        assertThat(read.entries()).containsSubsequence(written[0], written[1]);
        assertThat(read.contents().get(B)).isEqualTo(bytes("xyz"));
    }

    /** Reader events carry contentsOffset; the writer checks each against its own position. */
    @Test
    void writeAcceptsReaderEvents() throws IOException {
        byte[] nar = NarReaderRejectsTest.sample();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NarWriter w = new NarWriter(out);
        NarReader r = new NarReader(new ByteArrayInputStream(nar));
        for (NarEntry e = r.next(); e != null; e = r.next()) {
            if (e instanceof RegularFile) {
                w.write(e, r.contents());
            } else {
                w.write(e);
            }
        }
        assertThat(w.isComplete()).isTrue();
        w.finish();
        assertThat(w.offset()).isEqualTo(nar.length);
        assertThat(out.toByteArray()).isEqualTo(nar);
    }

    @Test
    void rejectsUnsortedNames() {
        FormatException e = fails(w -> {
            w.directory(NarPath.ROOT);
            w.file(B, false, new byte[0]);
            w.file(A, false, new byte[0]);
        });
        assertThat(e.what()).isEqualTo("NAR writer: entries out of order");
        assertThat(e.getMessage()).contains("path=a", "previous=b");
    }

    @Test
    void unsortedIsUnsignedByteOrder() {
        NarPath z = NarPath.of("z");
        NarPath eAcute = NarPath.of("é");
        NarTesting.write(w -> {
            w.directory(NarPath.ROOT);
            w.symlink(z, bytes("t"));
            w.symlink(eAcute, bytes("t"));
            w.endDirectory(NarPath.ROOT);
        });
        assertThat(fails(w -> {
            w.directory(NarPath.ROOT);
            w.symlink(eAcute, bytes("t"));
            w.symlink(z, bytes("t"));
        }).what()).isEqualTo("NAR writer: entries out of order");
    }

    @Test
    void rejectsDuplicateNames() {
        FormatException e = fails(w -> {
            w.directory(NarPath.ROOT);
            w.directory(A);
            w.endDirectory(A);
            w.symlink(A, bytes("x"));
        });
        assertThat(e.what()).isEqualTo("NAR writer: duplicate entry name");
        assertThat(e.getMessage()).contains("path=a");
    }

    @Test
    void rejectsEntriesOutsideTheOpenDirectory() {
        FormatException grandchild = fails(w -> {
            w.directory(NarPath.ROOT);
            w.file(NarPath.of("a/b"), false, new byte[0]);
        });
        assertThat(grandchild.what()).isEqualTo("NAR writer: entry is not a child of the open directory");
        assertThat(grandchild.getMessage()).contains("path=a/b", "open=\"\"");

        FormatException notRoot = fails(w -> w.file(A, false, new byte[0]));
        assertThat(notRoot.what()).isEqualTo("NAR writer: the first entry must be the root");

        FormatException rootTwice = fails(w -> {
            w.directory(NarPath.ROOT);
            w.directory(NarPath.ROOT);
        });
        assertThat(rootTwice.what()).isEqualTo("NAR writer: entry is not a child of the open directory");
    }

    @Test
    void rejectsAnythingAfterTheRoot() {
        FormatException e = fails(w -> {
            w.file(NarPath.ROOT, false, new byte[0]);
            w.directory(NarPath.ROOT);
        });
        assertThat(e.what()).isEqualTo("NAR writer: entry after the end of the NAR");
        FormatException end = fails(w -> {
            w.directory(NarPath.ROOT);
            w.endDirectory(NarPath.ROOT);
            w.endDirectory(NarPath.ROOT);
        });
        assertThat(end.what()).isEqualTo("NAR writer: end of a directory that is not the open one");
    }

    @Test
    void rejectsMismatchedEndDirectory() {
        FormatException e = fails(w -> {
            w.directory(NarPath.ROOT);
            w.directory(A);
            w.endDirectory(NarPath.ROOT);
        });
        assertThat(e.what()).isEqualTo("NAR writer: end of a directory that is not the open one");
        assertThat(e.getMessage()).contains("open=a");
    }

    @Test
    void finishRejectsAnIncompleteNar() throws IOException {
        FormatException empty = fails(w -> { });
        assertThat(empty.what()).isEqualTo("NAR writer: incomplete NAR");
        assertThat(empty.getMessage()).contains("open=\"no root\"");
        FormatException open = fails(w -> {
            w.directory(NarPath.ROOT);
            w.directory(A);
        });
        assertThat(open.getMessage()).contains("incomplete NAR", "open=a");
    }

    @Test
    void rejectsShortContents() {
        FormatException e = fails(w -> w.file(NarPath.ROOT, false, 10, new ByteArrayInputStream(bytes("abc"))));
        assertThat(e.what()).isEqualTo("NAR writer: file contents shorter than declared size");
        assertThat(e.getMessage()).contains("size=10", "got=3");
    }

    @Test
    void rejectsAFileEventWhoseOffsetIsNotItsPosition() {
        FormatException e = fails(w -> w.write(new RegularFile(NarPath.ROOT, false, 1, 95),
                new ByteArrayInputStream(bytes("x"))));
        assertThat(e.what()).isEqualTo("NAR writer: file event's contentsOffset differs from its position");
        assertThat(e.getMessage()).contains("contentsOffset=95", "actual=96");
        assertThatThrownBy(() -> NarTesting.write(w -> w.write(new RegularFile(NarPath.ROOT, false, 0, 96))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsInvalidSymlinkTargets() {
        assertThat(fails(w -> w.symlink(NarPath.ROOT, new byte[0])).what())
                .isEqualTo("NAR writer: invalid symlink: empty symlink target");
        assertThat(fails(w -> w.symlink(NarPath.ROOT, new byte[] {'a', 0})).what())
                .isEqualTo("NAR writer: invalid symlink: symlink target contains NUL");
        assertThatThrownBy(() -> new Symlink(NarPath.ROOT, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsCompareByValue() {
        assertThat(new Symlink(A, "t")).isEqualTo(new Symlink(A, bytes("t"))).hasSameHashCodeAs(new Symlink(A, "t"));
        assertThat(new Directory(A)).isNotEqualTo(new EndDirectory(A));
        byte[] target = bytes("t");
        Symlink s = new Symlink(A, target);
        target[0] = 'u';
        s.target()[0] = 'v';
        assertThat(s.targetUtf8()).contains("t");
    }

    @Test
    void streamsLargeContentsWithBoundedMemory() throws IOException {
        long size = 256L << 20;
        CountingStream out = new CountingStream();
        NarWriter w = new NarWriter(out);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        RegularFile f = w.file(NarPath.ROOT, false, size, new NarReaderRejectsTest.ZeroStream(size));
        w.finish();
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(f.contentsOffset()).isEqualTo(96);
        assertThat(out.count).isEqualTo(96 + size + 16);
        assertThat(allocated).as("bytes allocated while writing a 256 MiB file").isLessThan(1 << 20);
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
