package dev.tierpack.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An .xz whose header asks for a 1 GiB dictionary (a hostile object in a source bucket) is refused by every backend
 * with a typed error instead of making the decoder allocate it: decoder memory stays bounded.
 */
class XzMemoryLimitTest {
    @ParameterizedTest
    @EnumSource(XzBackend.class)
    void aHugeDeclaredDictionaryIsRefused(XzBackend backend) throws Exception {
        byte[] xz = hugeDictionaryXz();
        InputStream in = backend.open(new ByteArrayInputStream(xz), "nar/hostile.nar.xz");
        assertThatThrownBy(() -> {
            try (in) {
                in.readAllBytes();
            }
        }).isInstanceOf(FormatException.class)
                .hasMessageContaining("object=nar/hostile.nar.xz")
                .hasMessageContaining("MEMLIMIT");
    }

    @ParameterizedTest
    @EnumSource(XzBackend.class)
    void theSameStreamWithItsOriginalDictionaryDecodes(XzBackend backend) throws Exception {
        try (InputStream in = backend.open(new ByteArrayInputStream(smallXz()), "nar/fine.nar.xz")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, tierpack\n".repeat(64));
        }
    }

    private static byte[] smallXz() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream xz = Compressors.xz(out, 0)) {
            xz.write("hello, tierpack\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** The small stream with its LZMA2 dictionary-size property raised to 1 GiB and the block header CRC fixed. */
    private static byte[] hugeDictionaryXz() throws Exception {
        byte[] b = smallXz();
        int header = 12; // stream header
        int headerSize = ((b[header] & 0xff) + 1) * 4;
        // block flags byte, then filter flags: id 0x21 (LZMA2), properties size 1, properties (dictionary code)
        int filterId = header + 2;
        assertThat(b[filterId]).as("LZMA2 filter").isEqualTo((byte) 0x21);
        assertThat(b[filterId + 1]).isEqualTo((byte) 1);
        b[filterId + 2] = 36; // dictionary code 36 = 1 GiB
        CRC32 crc = new CRC32();
        crc.update(b, header, headerSize - 4);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
            b[header + headerSize - 4 + i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
