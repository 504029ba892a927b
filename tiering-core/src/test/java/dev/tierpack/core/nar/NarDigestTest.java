package dev.tierpack.core.nar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NarDigestTest {
    private static final String STORE_PATH = "/nix/store/52g0jsna8724f8af84s3w4b7zvm34z3x-stdenv-linux";
    private static final byte[] NAR = NarReaderRejectsTest.sample();
    private static final byte[] SHA = sha256(NAR);

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the whole NAR through a digest, as the migration does. */
    private static NarDigest consumed(byte[] nar, long limit) throws IOException {
        NarDigest d = new NarDigest(new ByteArrayInputStream(nar), limit);
        NarTesting.readAll(d, NarReader.Options.DEFAULT);
        return d;
    }

    @Test
    void verifiesSizeAndHashOfWhatWasRead() throws IOException {
        NarDigest d = consumed(NAR, NAR.length);
        assertThat(d.size()).isEqualTo(NAR.length);
        assertThat(d.sha256()).isEqualTo(SHA);
        d.verify(SHA, NAR.length, STORE_PATH);
    }

    @Test
    void wrongHashNamesStorePathAndBothHashesInHex() throws IOException {
        NarDigest d = consumed(NAR, NAR.length);
        byte[] wrong = SHA.clone();
        wrong[31] ^= 0x55;
        IntegrityException e = catchThrowableOfType(IntegrityException.class, () -> d.verify(wrong, NAR.length, STORE_PATH));
        assertThat(e.what()).isEqualTo("NAR hash mismatch");
        assertThat(e.getMessage()).contains("storePath=" + STORE_PATH,
                "expected=sha256:" + HexFormat.of().formatHex(wrong),
                "actual=sha256:" + HexFormat.of().formatHex(SHA));
    }

    @Test
    void wrongSizeNamesStorePathAndBothSizes() throws IOException {
        NarDigest d = consumed(NAR, Long.MAX_VALUE);
        IntegrityException e = catchThrowableOfType(IntegrityException.class,
                () -> d.verify(SHA, NAR.length + 8, STORE_PATH));
        assertThat(e.what()).isEqualTo("NAR size mismatch");
        assertThat(e.getMessage()).contains("storePath=" + STORE_PATH, "expectedSize=" + (NAR.length + 8),
                "actualSize=" + NAR.length);
    }

    @Test
    void readingPastTheExpectedSizeFails() {
        // The stream holds the NAR plus extra bytes; the declared size is the NAR's own.
        byte[] longer = Arrays.copyOf(NAR, NAR.length + 16);
        IntegrityException e = catchThrowableOfType(IntegrityException.class, () -> consumed(longer, NAR.length));
        assertThat(e.what()).isEqualTo("NAR longer than declared size");
        assertThat(e.getMessage()).contains("expectedSize=" + NAR.length);

        // Declared smaller than the NAR: the digest stops the reader mid-NAR.
        IntegrityException early = catchThrowableOfType(IntegrityException.class, () -> consumed(NAR, 100));
        assertThat(early.what()).isEqualTo("NAR longer than declared size");

        // With the reader bounded too, the reader rejects the first field that does not fit, before reading it.
        FormatException bounded = catchThrowableOfType(FormatException.class, () -> NarTesting.readAll(
                new NarDigest(new ByteArrayInputStream(NAR), 100), NarReader.Options.DEFAULT.withMaxNarSize(100)));
        assertThat(bounded.what()).endsWith("exceeds declared NarSize");
    }

    @Test
    void readerPullsAtMostNarSizePlusOneByte() {
        NarDigest d = new NarDigest(new ByteArrayInputStream(Arrays.copyOf(NAR, NAR.length + 100_000)));
        FormatException e = catchThrowableOfType(FormatException.class,
                () -> NarTesting.readAll(d, NarReader.Options.DEFAULT.withMaxNarSize(NAR.length)));
        assertThat(e.what()).isEqualTo("trailing data after NAR");
        assertThat(d.size()).isEqualTo(NAR.length + 1);
    }

    @Test
    void singleByteReadsAndSkipsAreHashed() throws IOException {
        NarDigest d = new NarDigest(new ByteArrayInputStream(NAR));
        assertThat(d.read()).isEqualTo(NAR[0] & 0xff);
        assertThat(d.skip(10)).isEqualTo(10);
        assertThat(d.readAllBytes()).hasSize(NAR.length - 11);
        assertThat(d.read()).isEqualTo(-1);
        assertThat(d.size()).isEqualTo(NAR.length);
        assertThat(d.sha256()).isEqualTo(SHA);
        assertThat(d.markSupported()).isFalse();
    }

    @Test
    void rejectsAHashOfTheWrongLength() throws IOException {
        NarDigest d = consumed(NAR, NAR.length);
        assertThatThrownBy(() -> d.verify(new byte[20], NAR.length, STORE_PATH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
