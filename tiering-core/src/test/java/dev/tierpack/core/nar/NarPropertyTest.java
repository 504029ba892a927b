package dev.tierpack.core.nar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.nar.NarEntry.EndDirectory;
import dev.tierpack.core.nar.NarEntry.RegularFile;
import dev.tierpack.core.nar.NarEntry.Symlink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.constraints.IntRange;

/** Properties over random file trees (nested directories, symlinks, files, arbitrary name bytes). */
class NarPropertyTest {

    @Provide
    Arbitrary<NarTrees.Node> trees() {
        return NarTrees.trees();
    }

    /** tree -> NarWriter -> NarReader -> events -> NarWriter: same bytes, same events, same tree. */
    @Property(tries = 300)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void writeReadWriteIsIdentity(@ForAll("trees") NarTrees.Node tree) throws IOException {
        List<RegularFile> written = new java.util.ArrayList<>();
        byte[] nar = NarTesting.write(w -> written.addAll(NarTrees.write(w, NarPath.ROOT, tree)));

        NarTesting.Read read = NarTesting.readAll(nar);
        assertThat(NarTrees.render(NarTrees.fromEntries(read.entries(), read.contents())))
                .isEqualTo(NarTrees.render(tree));
        assertThat(read.entries()).filteredOn(RegularFile.class::isInstance).isEqualTo(written);

        byte[] again = NarTesting.rewrite(nar);
        assertThat(again).isEqualTo(nar);
        assertThat(NarTesting.readAll(again).entries()).isEqualTo(read.entries());

        for (NarEntry e : read.entries()) {
            if (e instanceof RegularFile f) {
                assertThat(Arrays.copyOfRange(nar, (int) f.contentsOffset(), (int) (f.contentsOffset() + f.size())))
                        .isEqualTo(read.contents().get(f.path()));
            }
        }
        List<NarPath> order = read.entries().stream().filter(e -> !(e instanceof EndDirectory)).map(NarEntry::path).toList();
        assertThat(order).isSorted().doesNotHaveDuplicates();

        List<NarEntry> es = read.entries();
        Statistics.label("symlink").collect(es.stream().anyMatch(e -> e instanceof Symlink));
        Statistics.label("executable").collect(es.stream().anyMatch(e -> e instanceof RegularFile f && f.executable()));
        Statistics.label("empty file").collect(es.stream().anyMatch(e -> e instanceof RegularFile f && f.size() == 0));
        Statistics.label("depth >= 3").collect(es.stream().anyMatch(e -> e.path().depth() >= 3));
        Statistics.label("non-UTF-8 name").collect(es.stream().anyMatch(e -> e.path().utf8().isEmpty()));
        Statistics.label("255-byte name").collect(es.stream().anyMatch(e -> e.path().name().length == 255));
        Statistics.label("file > 8 KiB").collect(es.stream().anyMatch(e -> e instanceof RegularFile f && f.size() > 8192));
        for (String label : List.of("symlink", "executable", "empty file", "depth >= 3", "non-UTF-8 name",
                "255-byte name", "file > 8 KiB")) {
            Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p >= 3));
        }
    }

    @Property(tries = 200)
    void everyStrictPrefixIsTruncated(@ForAll("trees") NarTrees.Node tree, @ForAll @IntRange(min = 0) int cutSeed) {
        byte[] nar = NarTrees.toNar(tree);
        int cut = cutSeed % nar.length;
        FormatException e = catchThrowableOfType(FormatException.class,
                () -> NarTesting.readAll(Arrays.copyOf(nar, cut)));
        assertThat(e).isNotNull();
        assertThat(e.what()).isEqualTo("truncated NAR");
        assertThat(e.get("offset")).isEqualTo((long) cut);
    }

    @Property(tries = 200)
    void declaredNarSizeIsAnExactBound(@ForAll("trees") NarTrees.Node tree) throws IOException {
        byte[] nar = NarTrees.toNar(tree);
        NarReader.Options exact = NarReader.Options.DEFAULT.withMaxNarSize(nar.length);
        assertThat(NarTesting.readAll(new ByteArrayInputStream(nar), exact).entries()).isNotEmpty();
        FormatException e = catchThrowableOfType(FormatException.class,
                () -> NarTesting.readAll(new ByteArrayInputStream(nar), exact.withMaxNarSize(nar.length - 1)));
        assertThat(e).isNotNull();
        assertThat(e.what()).endsWith("exceeds declared NarSize");
    }

    /** Corrupting any byte gives either a FormatException or another canonical NAR, never anything else. */
    @Property(tries = 1000)
    void corruptedNarsAreRejectedOrStillCanonical(@ForAll("trees") NarTrees.Node tree,
            @ForAll @IntRange(min = 0) int where, @ForAll @IntRange(min = 1, max = 255) int xor) throws IOException {
        byte[] nar = NarTrees.toNar(tree);
        nar[where % nar.length] ^= (byte) xor;
        byte[] rewritten;
        try {
            rewritten = NarTesting.rewrite(nar);
        } catch (FormatException expected) {
            assertThat(expected.get("offset")).isNotNull();
            return;
        }
        assertThat(rewritten).isEqualTo(nar);
    }

    @Property(tries = 100)
    void digestMatchesTheBytesTheReaderConsumed(@ForAll("trees") NarTrees.Node tree) throws Exception {
        byte[] nar = NarTrees.toNar(tree);
        NarDigest digest = new NarDigest(new ByteArrayInputStream(nar), nar.length);
        NarTesting.readAll(digest, NarReader.Options.DEFAULT.withMaxNarSize(nar.length));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(nar);
        assertThat(digest.size()).isEqualTo(nar.length);
        assertThat(digest.sha256()).isEqualTo(sha);
        digest.verify(sha, nar.length, "/nix/store/x");
        sha[0] ^= 1;
        assertThat(catchThrowableOfType(IntegrityException.class, () -> digest.verify(sha, nar.length, "/nix/store/x")))
                .isNotNull();
    }
}
