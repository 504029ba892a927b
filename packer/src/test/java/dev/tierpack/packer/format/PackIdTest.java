package dev.tierpack.packer.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PackIdTest {

    @Test
    void generatedIdsAreUuidV7WithTheirTimestamp() {
        long now = 1_727_000_000_123L;
        PackId id = PackId.generate(now, new SplittableRandom(1));
        UUID uuid = UUID.fromString(id.hex().replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(id.timestampMillis()).isEqualTo(now);
        assertThat(id.hex()).hasSize(32).startsWith(String.format("%012x", now));
    }

    @Test
    void idsAreUniqueAndTimeOrdered() {
        Set<PackId> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(PackId.generate())).isTrue();
        }
        PackId early = PackId.generate(1000, new SplittableRandom(2));
        PackId late = PackId.generate(1001, new SplittableRandom(3));
        assertThat(early.hex()).isLessThan(late.hex());
    }

    @Test
    void keysFanOutOnTheLastTwoHexDigits() {
        PackId id = PackId.parse("0192f1b2c3d47a1e8b2f0123456789ab");
        assertThat(id.objectKey()).isEqualTo("packs/ab/0192f1b2c3d47a1e8b2f0123456789ab.pack");
        assertThat(id.indexKey()).isEqualTo("index/ab/0192f1b2c3d47a1e8b2f0123456789ab.idx");
        assertThat(PackId.fromKey(id.objectKey())).isEqualTo(id);
        assertThat(PackId.fromKey(id.indexKey())).isEqualTo(id);
        // ids made in the same hour spread over many prefixes
        Set<String> prefixes = new HashSet<>();
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 2000; i++) {
            prefixes.add(PackId.generate(1_727_000_000_000L + i, r).objectKey().substring(0, 9));
        }
        assertThat(prefixes).hasSize(256);
    }

    @Test
    void rejectsMalformedIdsAndKeys() {
        assertThatThrownBy(() -> PackId.parse("0192F1B2C3D47A1E8B2F0123456789AB")).isInstanceOf(FormatException.class)
                .hasMessageContaining("32 lowercase hex digits");
        assertThatThrownBy(() -> PackId.parse("0192f1b2c3d44a1e8b2f0123456789ab")).isInstanceOf(FormatException.class)
                .hasMessageContaining("not a UUIDv7");
        assertThatThrownBy(() -> PackId.parse("0192f1b2c3d47a1ecb2f0123456789ab")).isInstanceOf(FormatException.class)
                .hasMessageContaining("not a UUIDv7");
        assertThatThrownBy(() -> new PackId(new byte[15])).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> PackId.fromKey("packs/01/0192f1b2c3d47a1e8b2f0123456789ab.pack"))
                .isInstanceOf(FormatException.class).hasMessageContaining("wrong fan-out").hasMessageContaining("expected=ab");
        assertThatThrownBy(() -> PackId.fromKey("packs/ab/0192f1b2c3d47a1e8b2f0123456789ab.idx"))
                .isInstanceOf(FormatException.class).hasMessageContaining("key=packs/ab/");
    }

    @Test
    void isImmutable() {
        byte[] b = PackId.parse("0192f1b2c3d47a1e8b2f0123456789ab").bytes();
        PackId id = new PackId(b);
        b[0] = 9;
        id.bytes()[1] = 9;
        assertThat(id.hex()).isEqualTo("0192f1b2c3d47a1e8b2f0123456789ab");
    }
}
