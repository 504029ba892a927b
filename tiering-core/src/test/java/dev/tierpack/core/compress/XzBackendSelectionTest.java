package dev.tierpack.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XzBackendSelectionTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(XzBackend.PROPERTY);
        System.clearProperty(XzBackend.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(XzBackend.PROPERTY);
        } else {
            System.setProperty(XzBackend.PROPERTY, saved);
        }
    }

    @Test
    void nativeIsTheDefaultWhenLiblzmaLoads() throws Exception {
        assertThat(NativeXz.isAvailable()).isTrue();
        assertThat(NativeXz.version()).hasValueSatisfying(v -> assertThat(v).matches("5\\.\\d+\\.\\d+.*"));
        assertThat(XzBackend.selected()).isEqualTo(XzBackend.NATIVE);
        try (InputStream in = Decompressors.open(Compression.XZ, new ByteArrayInputStream(new byte[0]), "x")) {
            assertThat(in).isInstanceOf(NativeXzInputStream.class);
        }
    }

    @Test
    void thePropertyOverridesTheChoice() throws Exception {
        System.setProperty(XzBackend.PROPERTY, "java");
        assertThat(XzBackend.selected()).isEqualTo(XzBackend.JAVA);
        try (InputStream in = Decompressors.open(Compression.XZ, new ByteArrayInputStream(new byte[0]), "x")) {
            assertThat(in).isInstanceOf(GuardedDecoder.class);
        }
        try (OutputStream out = Compressors.xz(OutputStream.nullOutputStream(), 0)) {
            assertThat(out).isNotInstanceOf(NativeXzOutputStream.class);
        }
        System.setProperty(XzBackend.PROPERTY, "Native");
        assertThat(XzBackend.selected()).isEqualTo(XzBackend.NATIVE);
        System.setProperty(XzBackend.PROPERTY, "process");
        assertThat(XzBackend.selected()).isEqualTo(XzBackend.PROCESS);
    }

    @Test
    void anUnknownDecoderIsAConfigErrorNamingPropertyAndValue() {
        System.setProperty(XzBackend.PROPERTY, "fast");
        assertThatThrownBy(XzBackend::selected)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("property=tierpack.xz")
                .hasMessageContaining("value=fast");
    }
}
