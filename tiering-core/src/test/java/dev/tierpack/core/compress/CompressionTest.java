package dev.tierpack.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import org.junit.jupiter.api.Test;

class CompressionTest {

    @Test
    void mapsEveryNarInfoName() {
        assertThat(Compression.fromNarInfo("xz")).isEqualTo(Compression.XZ);
        assertThat(Compression.fromNarInfo("bzip2")).isEqualTo(Compression.BZIP2);
        assertThat(Compression.fromNarInfo("zstd")).isEqualTo(Compression.ZSTD);
        assertThat(Compression.fromNarInfo("none")).isEqualTo(Compression.NONE);
        assertThat(Compression.fromNarInfo("br")).isEqualTo(Compression.BR);
        for (Compression c : Compression.values()) {
            assertThat(Compression.fromNarInfo(c.narInfoName())).isSameAs(c);
        }
    }

    @Test
    void fileExtensionsAreTheOnesNixAppendsToNarUrls() {
        assertThat(Compression.XZ.fileExtension()).isEqualTo(".xz");
        assertThat(Compression.BZIP2.fileExtension()).isEqualTo(".bz2");
        assertThat(Compression.ZSTD.fileExtension()).isEqualTo(".zst");
        assertThat(Compression.BR.fileExtension()).isEqualTo(".br");
        assertThat(Compression.NONE.fileExtension()).isEmpty();
    }

    @Test
    void unknownOrMiscasedNameIsAFormatErrorNamingTheValue() {
        for (String bad : new String[] {"gzip", "XZ", "xz ", "", "lz4"}) {
            assertThatThrownBy(() -> Compression.fromNarInfo(bad))
                    .isInstanceOf(FormatException.class)
                    .hasMessageStartingWith("unknown compression")
                    .satisfies(e -> assertThat(((FormatException) e).get("compression")).isEqualTo(bad));
        }
    }
}
