package dev.tierpack.core.compress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A short run of {@link XzBenchmark}: the native decoder must reach 0.90x of {@code xz -dc} on the
 * corpus NAR with the most decompressed data (a few MB compressed). The full benchmark, recorded in
 * {@code docs/BENCHMARKS.md}, shows the 0.95x target is met; 0.90 leaves room for a shared machine
 * while still failing for any real regression (the pure-Java decoder is at about 0.65x).
 */
class XzThroughputTest {
    private static final Pattern URL = Pattern.compile("(?m)^URL: (\\S+)$");
    private static final Pattern NAR_SIZE = Pattern.compile("(?m)^NarSize: (\\d+)$");

    record Nar(Path file, long narSize) {}

    static Nar largestNar() {
        return Corpus.narinfos().stream().map(p -> {
            try {
                String text = Files.readString(p);
                Matcher url = URL.matcher(text);
                Matcher size = NAR_SIZE.matcher(text);
                if (!url.find() || !size.find()) {
                    throw new IllegalStateException("no URL/NarSize in " + p);
                }
                return new Nar(Corpus.cache().resolve(url.group(1)), Long.parseLong(size.group(1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).max(Comparator.comparingLong(Nar::narSize)).orElseThrow();
    }

    @Test
    void nativeDecoderKeepsUpWithXzDc() throws IOException {
        Nar nar = largestNar();
        XzBenchmark.Result r = XzBenchmark.run(nar.file(), 7, EnumSet.of(XzBenchmark.Method.NATIVE));
        if (r.ratioToCli(XzBenchmark.Method.NATIVE) < 0.90) {
            System.out.print("below 0.90x, measuring once more (shared machine?):\n" + r.report());
            r = XzBenchmark.run(nar.file(), 9, EnumSet.of(XzBenchmark.Method.NATIVE));
        }
        System.out.print(r.report());
        assertThat(r.decompressedBytes()).as("decoded size = NarSize of the narinfo").isEqualTo(nar.narSize());
        assertThat(r.ratioToCli(XzBenchmark.Method.NATIVE)).isGreaterThanOrEqualTo(0.90);
    }
}
