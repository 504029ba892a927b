package dev.tierpack.core.nar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nar.NarEntry.Directory;
import dev.tierpack.core.nar.NarEntry.EndDirectory;
import dev.tierpack.core.nar.NarEntry.RegularFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed NARs: each is rejected with a {@link FormatException} that says why and where. */
class NarReaderRejectsTest {
    private static final NarReader.Options DEFAULT = NarReader.Options.DEFAULT;

    /** A valid NAR with every node kind: {@code a} (executable), {@code b/c} (symlink), {@code d} (empty). */
    static byte[] sample() {
        return new RawNar().magic().dir()
                .entry("a").file("hello", true).close()
                .entry("b").dir().entry("c").symlink("../a").close().close().close()
                .entry("d").file("", false).close()
                .close().bytes();
    }

    private static FormatException rejects(byte[] nar) {
        return rejects(nar, DEFAULT);
    }

    private static FormatException rejects(byte[] nar, NarReader.Options options) {
        FormatException e = catchThrowableOfType(FormatException.class,
                () -> NarTesting.readAll(new ByteArrayInputStream(nar), options));
        assertThat(e).as("expected a FormatException").isNotNull();
        assertThat(e.get("offset")).as("offset context").isNotNull();
        assertThat(e.get("path")).as("path context").isNotNull();
        return e;
    }

    @Test
    void sampleIsValid() throws IOException {
        NarTesting.Read read = NarTesting.readAll(sample());
        assertThat(read.entries()).hasSize(7);
        assertThat(read.contents().get(NarPath.of("a"))).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(NarTesting.rewrite(sample())).isEqualTo(sample());
    }

    @Test
    void badMagic() {
        FormatException e = rejects(new RawNar().str("nix-archive-2").dir().close().bytes());
        assertThat(e.what()).isEqualTo("not a NAR: bad magic");
        assertThat(e.getMessage()).contains("offset=0", "got=nix-archive-2");

        FormatException text = rejects("this is not a NAR at all".getBytes(StandardCharsets.UTF_8));
        assertThat(text.what()).isEqualTo("not a NAR: bad magic");
    }

    @Test
    void emptyInputIsTruncated() {
        FormatException e = rejects(new byte[0]);
        assertThat(e.what()).isEqualTo("truncated NAR");
        assertThat(e.get("offset")).isEqualTo(0L);
    }

    @Test
    void everyStrictPrefixIsTruncated() {
        byte[] nar = sample();
        for (int len = 0; len < nar.length; len++) {
            FormatException e = rejects(Arrays.copyOf(nar, len));
            assertThat(e.what()).as("prefix of %d bytes", len).isEqualTo("truncated NAR");
            assertThat((Long) e.get("offset")).as("prefix of %d bytes", len).isEqualTo(len);
        }
    }

    @Test
    void nonZeroPaddingInContents() {
        byte[] nar = new RawNar().magic().file("hello", false).bytes();
        nar[96 + 5] = 1; // contents start at 96; "hello" is followed by 3 padding bytes
        FormatException e = rejects(nar);
        assertThat(e.what()).isEqualTo("non-zero NAR padding");
        assertThat(e.get("offset")).isEqualTo(101L);
        assertThat(e.get("path")).isEqualTo("");
    }

    @Test
    void nonZeroPaddingInNameAndToken() {
        RawNar raw = new RawNar().magic().dir().str("entry").str("(").str("name");
        int nameOffset = raw.size();
        byte[] nar = raw.str("x").str("node").file("", false).close().close().bytes();
        nar[nameOffset + 8 + 1 + 6] = 0x7f;
        FormatException e = rejects(nar);
        assertThat(e.what()).isEqualTo("non-zero NAR padding");
        assertThat(e.get("offset")).isEqualTo((long) nameOffset + 15);

        byte[] magic = sample();
        magic[8 + 13] = ' ';
        assertThat(rejects(magic).what()).isEqualTo("non-zero NAR padding");
    }

    @Test
    void unsortedEntries() {
        FormatException e = rejects(new RawNar().magic().dir()
                .entry("b").file("", false).close()
                .entry("a").file("", false).close().close().bytes());
        assertThat(e.what()).isEqualTo("NAR directory entries not sorted");
        assertThat(e.getMessage()).contains("name=a", "previous=b", "path=\"\"");
    }

    @Test
    void entryOrderIsUnsignedBytes() throws IOException {
        // 0xC3 0xA9 ("é") sorts after 'z' as unsigned bytes (a signed comparison would put it first).
        byte[] sorted = new RawNar().magic().dir()
                .entry("z").file("", false).close()
                .entry("é").file("", false).close().close().bytes();
        assertThat(NarTesting.readAll(sorted).entries()).hasSize(4);
        FormatException e = rejects(new RawNar().magic().dir()
                .entry("é").file("", false).close()
                .entry("z").file("", false).close().close().bytes());
        assertThat(e.what()).isEqualTo("NAR directory entries not sorted");
    }

    @Test
    void duplicateNames() {
        FormatException e = rejects(new RawNar().magic().dir()
                .entry("b").dir().entry("x").file("1", false).close().entry("x").file("2", false).close().close().close()
                .close().bytes());
        assertThat(e.what()).isEqualTo("duplicate NAR entry name");
        assertThat(e.getMessage()).contains("name=x", "path=b");
    }

    static Stream<Arguments> invalidNames() {
        byte[] nul = {'a', 0, 'b'};
        return Stream.of(
                Arguments.of(".".getBytes(StandardCharsets.UTF_8), "invalid NAR entry name: name is '.' or '..'"),
                Arguments.of("..".getBytes(StandardCharsets.UTF_8), "invalid NAR entry name: name is '.' or '..'"),
                Arguments.of("a/b".getBytes(StandardCharsets.UTF_8), "invalid NAR entry name: name contains '/'"),
                Arguments.of(nul, "invalid NAR entry name: name contains NUL"),
                Arguments.of(new byte[0], "invalid NAR entry name: empty name"),
                Arguments.of("x".repeat(256).getBytes(StandardCharsets.UTF_8), "NAR entry name too long"));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void invalidNames(byte[] name, String what) {
        FormatException e = rejects(new RawNar().magic().dir().entry(name).file("", false).close().close().bytes());
        assertThat(e.what()).isEqualTo(what);
        assertThat(e.get("offset")).isEqualTo(24L + 16 + 16 + 24 + 16 + 16 + 16);
    }

    @Test
    void longestNameIsAccepted() throws IOException {
        byte[] name = "n".repeat(255).getBytes(StandardCharsets.UTF_8);
        NarTesting.Read read = NarTesting.readAll(new RawNar().magic().dir().entry(name).file("", false).close().close().bytes());
        assertThat(read.entries().get(1).path()).isEqualTo(NarPath.ROOT.resolve(name));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 4096})
    void trailingGarbage(int extra) {
        byte[] nar = Arrays.copyOf(sample(), sample().length + extra);
        FormatException e = rejects(nar);
        assertThat(e.what()).isEqualTo("trailing data after NAR");
        assertThat(e.get("offset")).isEqualTo((long) sample().length);
    }

    @Test
    void fileLargerThanDeclaredNarSize() {
        // The contents "hello" occupy bytes 96..101 plus padding to 104.
        byte[] nar = new RawNar().magic().file("hello", false).bytes();
        FormatException e = rejects(nar, DEFAULT.withMaxNarSize(103));
        assertThat(e.what()).isEqualTo("NAR file size exceeds declared NarSize");
        assertThat(e.get("offset")).isEqualTo(88L);
        assertThat(e.getMessage()).contains("length=5", "maxNarSize=103");
        // One byte short of the whole NAR: the final ")" is the field that does not fit.
        FormatException close = rejects(nar, DEFAULT.withMaxNarSize(nar.length - 1));
        assertThat(close.what()).isEqualTo("NAR token exceeds declared NarSize");
        assertThat(close.get("offset")).isEqualTo(104L);
    }

    @Test
    void anyFieldBeyondDeclaredNarSizeIsRejectedBeforeItIsRead() {
        byte[] nar = sample();
        for (int max = 0; max < nar.length; max++) {
            FormatException e = rejects(nar, DEFAULT.withMaxNarSize(max));
            assertThat(e.what()).as("maxNarSize %d", max).endsWith("exceeds declared NarSize");
            assertThat((Long) e.get("offset")).as("maxNarSize %d", max).isLessThanOrEqualTo(max);
        }
    }

    static Stream<Arguments> absurdLengths() {
        long huge = 1L << 62;
        return Stream.of(
                Arguments.of("file size, NarSize known",
                        new RawNar().magic().str("(").str("type").str("regular").str("contents").u64(huge).bytes(),
                        DEFAULT.withMaxNarSize(1 << 20), "NAR file size exceeds declared NarSize"),
                Arguments.of("file size 2^64-1, NarSize unknown",
                        new RawNar().magic().str("(").str("type").str("regular").str("contents").u64(-1).bytes(),
                        DEFAULT, "NAR file size out of range"),
                Arguments.of("file size, NarSize unknown: contents run out",
                        new RawNar().magic().str("(").str("type").str("regular").str("contents").u64(huge)
                                .raw(new byte[100]).bytes(),
                        DEFAULT, "truncated NAR"),
                Arguments.of("entry name",
                        new RawNar().magic().dir().str("entry").str("(").str("name").u64(huge).bytes(),
                        DEFAULT, "NAR entry name too long"),
                Arguments.of("symlink target",
                        new RawNar().magic().str("(").str("type").str("symlink").str("target").u64(huge).bytes(),
                        DEFAULT, "NAR symlink target too long"),
                Arguments.of("keyword",
                        new RawNar().magic().u64(huge).bytes(), DEFAULT, "unexpected NAR token"),
                Arguments.of("magic",
                        new RawNar().u64(huge).bytes(), DEFAULT, "not a NAR: bad magic"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absurdLengths")
    void absurdLengthFieldsFailFastWithoutAllocating(String field, byte[] nar, NarReader.Options options, String what) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        FormatException e = rejects(nar, options);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(e.what()).isEqualTo(what);
        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(1 << 20);
    }

    @Test
    void unknownFileType() {
        FormatException e = rejects(new RawNar().magic().dir().entry("p").str("(").str("type").str("fifo").bytes());
        assertThat(e.what()).isEqualTo("unknown NAR file type");
        assertThat(e.getMessage()).contains("type=fifo", "path=p");
    }

    @Test
    void unexpectedTokens() {
        FormatException noOpen = rejects(new RawNar().magic().str("type").bytes());
        assertThat(noOpen.what()).isEqualTo("unexpected NAR token");
        assertThat(noOpen.getMessage()).contains("expected='('", "got='type'");

        FormatException noContents = rejects(new RawNar().magic().str("(").str("type").str("regular").str("target").bytes());
        assertThat(noContents.getMessage()).contains("unexpected NAR token", "got='target'");

        FormatException twiceExecutable = rejects(new RawNar().magic().str("(").str("type").str("regular")
                .str("executable").str("").str("executable").str("").bytes());
        assertThat(twiceExecutable.getMessage()).contains("expected='contents'", "got='executable'");

        FormatException badEntry = rejects(new RawNar().magic().dir().str("node").bytes());
        assertThat(badEntry.getMessage()).contains("expected=\"'entry' or ')'\"", "got='node'");

        FormatException extraAfterFile = rejects(new RawNar().magic().str("(").str("type").str("regular")
                .str("contents").str("x").str("executable").bytes());
        assertThat(extraAfterFile.getMessage()).contains("expected=')'", "got='executable'");
    }

    @Test
    void executableMarkerMustBeEmpty() {
        FormatException e = rejects(new RawNar().magic().str("(").str("type").str("regular")
                .str("executable").str("yes").str("contents").str("").str(")").bytes());
        assertThat(e.what()).isEqualTo("NAR executable marker has non-empty value");
    }

    @Test
    void invalidSymlinkTargets() {
        assertThat(rejects(new RawNar().magic().symlink("").bytes()).what())
                .isEqualTo("invalid NAR symlink: empty symlink target");
        assertThat(rejects(new RawNar().magic().str("(").str("type").str("symlink").str("target")
                .str(new byte[] {'a', 0}).str(")").bytes()).what())
                .isEqualTo("invalid NAR symlink: symlink target contains NUL");
        assertThat(rejects(new RawNar().magic().symlink("t".repeat(4096)).bytes()).what())
                .isEqualTo("NAR symlink target too long");
    }

    @Test
    void longestSymlinkTargetIsAccepted() throws IOException {
        String target = "t".repeat(4095);
        NarEntry e = NarTesting.readAll(new RawNar().magic().symlink(target).bytes()).entries().getFirst();
        assertThat(e).isEqualTo(new NarEntry.Symlink(NarPath.ROOT, target));
    }

    private static byte[] nested(int depth) {
        RawNar raw = new RawNar().magic();
        for (int i = 0; i < depth - 1; i++) {
            raw.dir().entry("d");
        }
        raw.dir().close();
        for (int i = 0; i < depth - 1; i++) {
            raw.close().close();
        }
        return raw.bytes();
    }

    @Test
    void nestingDeeperThanMaxDepth() throws IOException {
        assertThat(NarTesting.readAll(nested(256)).entries()).hasSize(512);
        FormatException e = rejects(nested(257));
        assertThat(e.what()).isEqualTo("NAR directories nested too deep");
        assertThat(e.getMessage()).contains("maxDepth=256");
        assertThat(NarTesting.readAll(new ByteArrayInputStream(nested(257)), DEFAULT.withMaxDepth(300)).entries())
                .hasSize(514);
    }

    @Test
    void contextNamesTheNestedPathAndTheCallerAddsTheObject() {
        FormatException e = rejects(new RawNar().magic().dir()
                .entry("lib").dir().entry("x").str("(").str("type").str("socket").bytes());
        assertThat(e.get("path")).isEqualTo("lib/x");
        e.with("object", "nar/abc.nar.xz");
        assertThat(e.getMessage()).startsWith("unknown NAR file type:").contains("path=lib/x", "object=nar/abc.nar.xz");
    }

    @Test
    void truncatedWhileStreamingContents() throws IOException {
        byte[] nar = Arrays.copyOf(new RawNar().magic().dir().entry("f").file("x".repeat(100), false).bytes(), 250);
        NarReader r = new NarReader(new ByteArrayInputStream(nar));
        assertThat(r.next()).isInstanceOf(Directory.class);
        assertThat(r.next()).isInstanceOf(RegularFile.class);
        InputStream contents = r.contents();
        FormatException e = catchThrowableOfType(FormatException.class, contents::readAllBytes);
        assertThat(e.what()).isEqualTo("truncated NAR");
        assertThat(e.getMessage()).contains("path=f", "offset=250");
    }

    @Test
    void contentsIsOnlyForTheCurrentFileAndUnreadContentsAreSkipped() throws IOException {
        NarReader r = new NarReader(new ByteArrayInputStream(sample()));
        assertThat(r.next()).isEqualTo(new Directory(NarPath.ROOT));
        assertThatThrownBy(r::contents).isInstanceOf(IllegalStateException.class);
        assertThat(r.next()).isEqualTo(new RegularFile(NarPath.of("a"), true, 5, r.offset()));
        InputStream contents = r.contents();
        assertThat(contents.read()).isEqualTo('h'); // read 1 of 5 bytes, leave the rest
        assertThat(r.next()).isEqualTo(new Directory(NarPath.of("b")));
        assertThatThrownBy(contents::read).isInstanceOf(IllegalStateException.class);
        assertThat(r.next()).isEqualTo(new NarEntry.Symlink(NarPath.of("b/c"), "../a"));
        assertThat(r.next()).isEqualTo(new EndDirectory(NarPath.of("b")));
        assertThat(r.next()).isEqualTo(new RegularFile(NarPath.of("d"), false, 0, r.offset()));
        assertThat(r.contents().read()).isEqualTo(-1);
        assertThat(r.next()).isEqualTo(new EndDirectory(NarPath.ROOT));
        assertThat(r.next()).isNull();
        assertThat(r.next()).isNull();
        assertThat(r.offset()).isEqualTo(sample().length);
    }

    @Test
    void hugeFileIsStreamedWithBoundedMemory() throws IOException {
        long size = 256L << 20;
        byte[] header = new RawNar().magic().dir().entry("big").str("(").str("type").str("regular")
                .str("contents").u64(size).bytes();
        byte[] trailer = new RawNar().close().close().close().bytes();
        InputStream in = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(header), new ZeroStream(size), new ByteArrayInputStream(trailer))));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NarReader r = new NarReader(in, DEFAULT.withMaxNarSize(header.length + size + trailer.length));
        long before = mx.getCurrentThreadAllocatedBytes();
        int events = 0;
        for (NarEntry e = r.next(); e != null; e = r.next()) {
            events++;
            if (e instanceof RegularFile f) {
                assertThat(f.size()).isEqualTo(size);
                assertThat(r.contents().skip(size / 2)).isEqualTo(size / 2);
            }
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(events).isEqualTo(3);
        assertThat(r.offset()).isEqualTo(header.length + size + trailer.length);
        assertThat(allocated).as("bytes allocated while streaming a 256 MiB file").isLessThan(4 << 20);
    }

    /** {@code n} zero bytes, generated. */
    static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long n) {
            this.left = n;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
