package dev.tierpack.core.nar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NarPathTest {

    @Test
    void parsesResolvesAndNavigates() {
        NarPath p = NarPath.of("lib/python3.12/os.py");
        assertThat(p.depth()).isEqualTo(3);
        assertThat(p.toString()).isEqualTo("lib/python3.12/os.py");
        assertThat(p.name()).isEqualTo("os.py".getBytes(StandardCharsets.UTF_8));
        assertThat(p.parent()).isEqualTo(NarPath.of("lib/python3.12"));
        assertThat(p.parent().parent().parent()).isEqualTo(NarPath.ROOT);
        assertThat(NarPath.ROOT.parent()).isNull();
        assertThat(NarPath.ROOT.resolve("lib").resolve("python3.12").resolve("os.py")).isEqualTo(p);
        assertThat(NarPath.of("")).isSameAs(NarPath.ROOT);
        assertThat(p.startsWith(NarPath.of("lib"))).isTrue();
        assertThat(NarPath.of("libx").startsWith(NarPath.of("lib"))).isFalse();
        assertThat(p.startsWith(NarPath.ROOT)).isTrue();
    }

    @Test
    void rejectsInvalidComponents() {
        for (String bad : List.of("a//b", "/a", "a/", ".", "a/..", "x/\0")) {
            assertThatThrownBy(() -> NarPath.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid NAR name");
        }
        assertThatThrownBy(() -> NarPath.ROOT.resolve("x".repeat(256))).hasMessageContaining("longer than 255");
    }

    @Test
    void ordersLikeANar() {
        // A directory comes before its contents, which come before the directory's next sibling,
        // even though '/' (0x2f) sorts after '-' (0x2d) as a byte.
        List<NarPath> nar = List.of(NarPath.ROOT, NarPath.of("a"), NarPath.of("a/b"), NarPath.of("a/b/c"),
                NarPath.of("a-"), NarPath.of("a-/z"), NarPath.of("ab"), NarPath.of("z"), NarPath.of("é"));
        List<NarPath> shuffled = new ArrayList<>(nar.reversed());
        shuffled.sort(null);
        assertThat(shuffled).isEqualTo(nar);
    }

    @Test
    void keepsRawBytesAndEscapesThemForDisplay() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
        NarPath p = NarPath.ROOT.resolve(latin1).resolve("x\ty");
        assertThat(p.utf8()).isEmpty();
        assertThat(p.bytes()).isEqualTo(new byte[] {'c', 'a', 'f', (byte) 0xe9, '/', 'x', '\t', 'y'});
        assertThat(p.toString()).isEqualTo("caf\\xe9/x\\x09y");
        assertThat(NarPath.of(p.bytes())).isEqualTo(p);
        assertThat(NarPath.of("café").toString()).isEqualTo("café");
    }
}
