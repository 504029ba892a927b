package dev.tierpack.core.compress;

import static dev.tierpack.core.compress.CompressTestSupport.decode;
import static dev.tierpack.core.compress.CompressTestSupport.lcg;
import static dev.tierpack.core.compress.CompressTestSupport.xzCliExit;
import static dev.tierpack.core.compress.CompressTestSupport.xzEncode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad {@code .xz} input: every decoder rejects it with a {@link FormatException} naming the object
 * and the reason, never short data; and each accepts exactly what {@code xz -dc} accepts after a stream.
 */
class XzBadInputTest {
    private static final String OBJECT = "nar/0abc-bad.nar.xz";
    private static byte[] plain;
    private static byte[] xz;

    @BeforeAll
    static void data() throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        for (int i = 0; i < 4000; i++) {
            bo.writeBytes(("line " + i + " of a compressible text\n").getBytes(StandardCharsets.US_ASCII));
        }
        bo.writeBytes(lcg(150_000, 7));
        plain = bo.toByteArray();
        xz = xzEncode(plain, 6);
    }

    static Stream<XzBackend> backends() {
        return Stream.of(XzBackend.values());
    }

    private static FormatException rejects(XzBackend b, byte[] input) {
        FormatException e = catchThrowableOfType(FormatException.class, () -> decode(b, input, OBJECT));
        assertThat(e).as("%s must reject %d bytes", b, input.length).isNotNull();
        assertThat(e.get("object")).isEqualTo(OBJECT);
        assertThat(e.getMessage()).startsWith("xz: ").contains("object=" + OBJECT);
        return e;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void truncatedAtAnyOffsetIsATruncatedStream(XzBackend b) {
        int n = xz.length;
        for (int cut : new int[] {6, 11, 12, 13, 24, 100, n / 3, n / 2, n - 64, n - 13, n - 12, n - 1}) {
            assertThat(rejects(b, Arrays.copyOf(xz, cut)).what()).as("cut at %d of %d", cut, n).isEqualTo("xz: truncated stream");
        }
        assertThat(rejects(b, Arrays.copyOf(xz, 1)).what()).isIn("xz: truncated stream", "xz: LZMA_FORMAT_ERROR");
        assertThat(rejects(b, new byte[0]).what()).isEqualTo("xz: empty stream");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void truncatedRealNixNarIsATruncatedStream(XzBackend b) throws IOException {
        byte[] nar = Files.readAllBytes(Corpus.nars().getFirst());
        for (int cut : new int[] {nar.length / 2, nar.length - 1}) {
            assertThat(rejects(b, Arrays.copyOf(nar, cut)).what()).isEqualTo("xz: truncated stream");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void corruptByteInTheMiddleIsADataError(XzBackend b) {
        for (int at : new int[] {xz.length / 2, xz.length / 4, xz.length - 20}) {
            byte[] corrupt = xz.clone();
            corrupt[at] ^= 0x55;
            assertThat(rejects(b, corrupt).what()).as("byte %d flipped", at).isEqualTo("xz: LZMA_DATA_ERROR");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void wrongMagicIsAFormatError(XzBackend b) {
        byte[] zip = xz.clone();
        zip[0] = 'P';
        zip[1] = 'K';
        assertThat(rejects(b, zip).what()).isEqualTo("xz: LZMA_FORMAT_ERROR");
        byte[] text = "this is not xz at all, just some text".getBytes(StandardCharsets.US_ASCII);
        assertThat(rejects(b, text).what()).isEqualTo("xz: LZMA_FORMAT_ERROR");
    }

    /** What may follow a complete stream: decided by the real {@code xz -dc}, checked against every decoder. */
    @ParameterizedTest
    @MethodSource("backends")
    void acceptsAfterAStreamExactlyWhatXzDcAccepts(XzBackend b) throws Exception {
        byte[] zeros3 = new byte[3], zeros4 = new byte[4], zeros8 = new byte[8];
        byte[] garbage = "garbage!".getBytes(StandardCharsets.US_ASCII);
        byte[][] tails = {
            zeros4, zeros8, xz, concat(zeros4, xz), concat(xz, zeros4),                     // accepted by xz -dc
            zeros3, garbage, lcg(32, 1), concat(zeros4, garbage), concat(zeros3, xz),       // rejected
            Arrays.copyOf(xz, xz.length / 2), new byte[] {(byte) 0xFD},
        };
        int accepted = 0;
        for (byte[] tail : tails) {
            byte[] input = concat(xz, tail);
            boolean xzAccepts = xzCliExit(input) == 0;
            if (xzAccepts) {
                accepted++;
                byte[] out = decode(b, input, OBJECT);
                int copies = out.length / plain.length;
                assertThat(out.length).isEqualTo(copies * plain.length);
                assertThat(copies).isEqualTo(1 + wholeCopies(tail));
                for (int i = 0; i < copies; i++) {
                    assertThat(Arrays.equals(out, i * plain.length, (i + 1) * plain.length, plain, 0, plain.length)).isTrue();
                }
            } else {
                assertThat(rejects(b, input).what()).as("tail of %d bytes", tail.length)
                        .isIn("xz: truncated stream", "xz: LZMA_DATA_ERROR", "xz: LZMA_FORMAT_ERROR");
            }
        }
        assertThat(accepted).as("xz -dc accepts the padded and concatenated cases").isEqualTo(5);
    }

    /** How many whole copies of the test stream a tail holds. */
    private static int wholeCopies(byte[] tail) {
        return tail.length >= xz.length ? 1 : 0;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
