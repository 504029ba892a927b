package dev.tierpack.core.compress;

import static dev.tierpack.core.compress.CompressTestSupport.lcg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad zstd, bzip2 and brotli input, and the parts of the error contract shared by every codec. */
class CodecBadInputTest {
    private static final String OBJECT = "nar/1xyz-bad.nar";
    private static byte[] plain;
    private static byte[] zstd;
    private static byte[] bzip2;
    private static byte[] br;

    @BeforeAll
    static void data() throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        for (int i = 0; i < 3000; i++) {
            bo.writeBytes(("entry " + i + " some repetitive content\n").getBytes(StandardCharsets.US_ASCII));
        }
        bo.writeBytes(lcg(100_000, 3));
        plain = bo.toByteArray();
        zstd = encode(plain, out -> Compressors.zstd(out, 3)); // with a content checksum
        bzip2 = encode(plain, BZip2CompressorOutputStream::new);
        try (InputStream in = CodecBadInputTest.class.getResourceAsStream("/compress/br/mixed.br")) {
            br = in.readAllBytes();
        }
    }

    interface Encoder {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    static byte[] encode(byte[] data, Encoder e) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream out = e.wrap(bo)) {
            out.write(data);
        }
        return bo.toByteArray();
    }

    private static byte[] valid(Compression c) {
        return switch (c) {
            case ZSTD -> zstd;
            case BZIP2 -> bzip2;
            case BR -> br;
            case XZ -> XzTestData.xz();
            case NONE -> throw new IllegalArgumentException();
        };
    }

    private static FormatException rejects(Compression c, byte[] input) {
        FormatException e = catchThrowableOfType(FormatException.class, () -> CompressTestSupport.decode(c, input));
        assertThat(e).as("%s must reject %d bytes", c, input.length).isNotNull();
        assertThat(e.get("object")).isEqualTo("test-object");
        assertThat(e.getMessage()).startsWith(c.narInfoName() + ": ").contains("object=test-object");
        return e;
    }

    @Test
    void validInputsDecode() throws IOException {
        assertThat(CompressTestSupport.decode(Compression.ZSTD, zstd)).isEqualTo(plain);
        assertThat(CompressTestSupport.decode(Compression.BZIP2, bzip2)).isEqualTo(plain);
    }

    @Test
    void truncatedZstdIsATruncatedStreamNotAShortRead() {
        for (int cut : new int[] {1, 4, 10, zstd.length / 3, zstd.length / 2, zstd.length - 4, zstd.length - 1}) {
            assertThat(rejects(Compression.ZSTD, Arrays.copyOf(zstd, cut)).what()).as("cut %d", cut).isEqualTo("zstd: truncated stream");
        }
        assertThat(rejects(Compression.ZSTD, new byte[0]).what()).isEqualTo("zstd: empty stream");
    }

    @Test
    void zstdTrailingGarbageWrongMagicAndCorruptionAreErrors() throws IOException {
        assertThat(rejects(Compression.ZSTD, concat(zstd, "garbage!".getBytes(StandardCharsets.US_ASCII))).what()).isEqualTo("zstd: corrupt data");
        byte[] wrongMagic = zstd.clone();
        wrongMagic[0] ^= 1;
        assertThat(rejects(Compression.ZSTD, wrongMagic).what()).isEqualTo("zstd: corrupt data");
        for (int at : new int[] {100, zstd.length / 2, zstd.length - 2}) {
            byte[] corrupt = zstd.clone();
            corrupt[at] ^= 0x55;
            assertThat(rejects(Compression.ZSTD, corrupt).what()).as("byte %d flipped", at).isEqualTo("zstd: corrupt data");
        }
        // concatenated frames are valid zstd, as for the zstd tool
        assertThat(CompressTestSupport.decode(Compression.ZSTD, concat(zstd, zstd))).hasSize(2 * plain.length);
    }

    @Test
    void truncatedBzip2IsATruncatedStream() {
        for (int cut : new int[] {10, 100, bzip2.length / 2, bzip2.length - 4, bzip2.length - 1}) {
            assertThat(rejects(Compression.BZIP2, Arrays.copyOf(bzip2, cut)).what()).as("cut %d", cut).isEqualTo("bzip2: truncated stream");
        }
        assertThat(rejects(Compression.BZIP2, new byte[0]).what()).isEqualTo("bzip2: empty stream");
    }

    @Test
    void bzip2TrailingGarbageWrongMagicAndCorruptionAreErrors() throws IOException {
        assertThat(rejects(Compression.BZIP2, concat(bzip2, "garbage!".getBytes(StandardCharsets.US_ASCII))).what()).isEqualTo("bzip2: trailing garbage");
        assertThat(rejects(Compression.BZIP2, concat(bzip2, new byte[4])).what()).isEqualTo("bzip2: trailing garbage");
        byte[] wrongMagic = bzip2.clone();
        wrongMagic[0] = 'X';
        assertThat(rejects(Compression.BZIP2, wrongMagic).what()).isEqualTo("bzip2: not a bzip2 stream");
        byte[] corrupt = bzip2.clone();
        corrupt[corrupt.length / 2] ^= 0x55;
        assertThat(rejects(Compression.BZIP2, corrupt).what()).isIn("bzip2: corrupt data", "bzip2: truncated stream");
        // concatenated streams are valid bzip2, as for bzip2 -dc
        assertThat(CompressTestSupport.decode(Compression.BZIP2, concat(bzip2, bzip2))).hasSize(2 * plain.length);
    }

    @Test
    void brotliTruncatedAndTrailingGarbageAreErrors() {
        // brotli has no checksum: a cut is reported as such when the decoder runs out of input,
        // otherwise as whatever it finds in the missing (zero) bits
        assertThat(rejects(Compression.BR, Arrays.copyOf(br, br.length / 2)).what()).isEqualTo("br: truncated stream");
        for (int cut : new int[] {1, 2, 5, br.length - 1}) {
            assertThat(rejects(Compression.BR, Arrays.copyOf(br, cut)).what()).as("cut %d", cut).isIn("br: truncated stream", "br: corrupt data");
        }
        assertThat(rejects(Compression.BR, new byte[0]).what()).isEqualTo("br: empty stream");
        assertThat(rejects(Compression.BR, concat(br, "garbage!".getBytes(StandardCharsets.US_ASCII))).what()).isEqualTo("br: trailing garbage");
        assertThat(rejects(Compression.BR, concat(br, new byte[1])).what()).isEqualTo("br: trailing garbage");
    }

    static Stream<Compression> codecs() {
        return Stream.of(Compression.XZ, Compression.ZSTD, Compression.BZIP2, Compression.BR);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void theFirstFailureIsStickyNotFollowedByEndOfStream(Compression c) throws IOException {
        byte[] truncated = Arrays.copyOf(valid(c), valid(c).length / 2);
        try (InputStream in = Decompressors.open(c, new ByteArrayInputStream(truncated), "sticky")) {
            FormatException first = catchThrowableOfType(FormatException.class, in::readAllBytes);
            assertThat(first).isNotNull();
            assertThat(first.get("object")).isEqualTo("sticky");
            assertThat(catchThrowable(() -> in.read(new byte[10]))).isSameAs(first);
            assertThat(catchThrowable(in::read)).isSameAs(first);
        }
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void sourceIoErrorsPropagateUnchangedNotAsFormatErrors(Compression c) throws IOException {
        IOException networkDown = new IOException("connection reset by peer");
        InputStream failing = new FailingAfter(valid(c), valid(c).length / 3, networkDown);
        try (InputStream in = Decompressors.open(c, failing, "flaky")) {
            assertThat(catchThrowable(in::readAllBytes)).isSameAs(networkDown);
        }
    }

    @ParameterizedTest
    @EnumSource(XzBackend.class)
    void sourceIoErrorsPropagateUnchangedFromEveryXzDecoder(XzBackend b) throws IOException {
        IOException networkDown = new IOException("connection reset by peer");
        byte[] xz = XzTestData.xz();
        try (InputStream in = b.open(new FailingAfter(xz, xz.length / 3, networkDown), "flaky")) {
            assertThat(catchThrowable(in::readAllBytes)).isSameAs(networkDown);
        }
    }

    @Test
    void noneIsThePassThrough() throws IOException {
        assertThat(CompressTestSupport.decode(Compression.NONE, plain)).isEqualTo(plain);
        assertThat(CompressTestSupport.decode(Compression.NONE, new byte[0])).isEmpty();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Delivers the first {@code limit} bytes of {@code data}, then throws {@code failure} like a dropped connection. */
    static final class FailingAfter extends InputStream {
        private final ByteArrayInputStream data;
        private final IOException failure;
        private int left;

        FailingAfter(byte[] data, int limit, IOException failure) {
            this.data = new ByteArrayInputStream(data);
            this.left = limit;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                throw failure;
            }
            int n = data.read(b, off, Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
