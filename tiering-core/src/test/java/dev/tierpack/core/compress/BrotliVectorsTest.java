package dev.tierpack.core.compress;

import static dev.tierpack.core.compress.CompressTestSupport.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * There is no brotli encoder on the classpath: fixed vectors made by the reference encoder
 * (Python {@code brotli} 1.2.0, {@code resources/compress/br/generate.py}) must decode to the
 * originals, rebuilt here with the same definitions.
 */
class BrotliVectorsTest {

    static byte[] text() {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {
            bo.writeBytes(("line " + i + ": the quick brown fox jumps over the lazy dog\n").getBytes(StandardCharsets.US_ASCII));
        }
        return bo.toByteArray();
    }

    static Stream<Arguments> vectors() {
        byte[] text = text();
        byte[] mixed = RoundTripProperties.concat(Arrays.copyOf(text, 50_000), CompressTestSupport.lcg(20_000, 42), Arrays.copyOf(text, 50_000));
        return Stream.of(
                Arguments.of("empty", new byte[0], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                Arguments.of("text", text, "327c6f2071428ba1e777d790fc2246492101172b735e6f886b0258e8c2d7fa18"),
                Arguments.of("lcg-16384", CompressTestSupport.lcg(16_384, 42), "1b3a9dfa69cb8e43a30edfedb701ae3af1c9b93638e82ee2fb346b8b39ca0765"),
                Arguments.of("mixed", mixed, "5bf0f8b3c33779d2be22bd37d5a09388d7444ddcf360a989d3aa854b406d5af5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void referenceEncoderOutputDecodesToTheOriginal(String name, byte[] original, String sha256) throws IOException {
        assertThat(sha256(original)).as("original rebuilt as generate.py does").isEqualTo(sha256);
        try (InputStream br = getClass().getResourceAsStream("/compress/br/" + name + ".br");
                InputStream in = Decompressors.open(Compression.BR, br, name + ".br")) {
            assertThat(in.readAllBytes()).isEqualTo(original);
        }
    }
}
