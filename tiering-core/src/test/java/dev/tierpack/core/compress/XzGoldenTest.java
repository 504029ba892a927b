package dev.tierpack.core.compress;

import static dev.tierpack.core.compress.CompressTestSupport.sha256;
import static dev.tierpack.core.compress.CompressTestSupport.xzCliSha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.testing.Corpus;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every corpus {@code .nar.xz} (written by the real Nix) decodes to what {@code xz -dc} writes, with each decoder. */
class XzGoldenTest {

    static List<Path> nars() {
        return Corpus.nars();
    }

    @Test
    void corpusIsThere() {
        assertThat(nars()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(NativeXz.isAvailable()).as("liblzma must load in the test JVM: %s", NativeXz.unavailableReason()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("nars")
    void nativeAndPureJavaDecodeToTheBytesXzDcWrites(Path nar) throws Exception {
        String expected = xzCliSha256(nar);
        String name = "nar/" + nar.getFileName();

        assertThat(sha256(XzBackend.NATIVE.open(Files.newInputStream(nar), name))).as("native").isEqualTo(expected);
        assertThat(sha256(XzBackend.JAVA.open(Files.newInputStream(nar), name))).as("pure Java").isEqualTo(expected);
    }

    @Test
    void nativeStreamCountersMatchTheFileAndTheOutput() throws Exception {
        // total_in / total_out are read from the native lzma_stream: a wrong struct layout would show here
        Path nar = nars().getFirst();
        try (NativeXzInputStream in = (NativeXzInputStream) NativeXz.decoder(Files.newInputStream(nar), "nar")) {
            long n = in.transferTo(OutputStream.nullOutputStream());
            assertThat(in.decompressedBytesProduced()).isEqualTo(n);
            assertThat(in.compressedBytesConsumed()).isEqualTo(Files.size(nar));
        }
    }

    @Test
    void processDecoderAgreesOnAMultiStreamConcatenationOfCorpusFiles(@TempDir Path tmp) throws Exception {
        List<Path> parts = nars().subList(0, 4);
        Path concat = XzBenchmark.concatenate(parts, tmp.resolve("concat.xz"));
        String expected = xzCliSha256(concat);

        for (XzBackend b : XzBackend.values()) {
            try (InputStream in = b.open(Files.newInputStream(concat), "concat.xz")) {
                assertThat(sha256(in)).as(b.name()).isEqualTo(expected);
            }
        }
        // and the concatenation is really the sum of its parts
        long total = 0;
        for (Path p : parts) {
            try (InputStream in = XzBackend.NATIVE.open(Files.newInputStream(p), "part")) {
                total += in.transferTo(OutputStream.nullOutputStream());
            }
        }
        try (InputStream in = XzBackend.NATIVE.open(Files.newInputStream(concat), "concat.xz")) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(total);
        }
    }
}
