package dev.tierpack.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    @Test
    void directorySlashSortsAfterDashAndDot() {
        List<String> keys = new ArrayList<>(List.of("nar/a", "nar-x", "nar.x", "nar", "nar0", "na"));
        keys.sort(KeyOrder.UTF8);
        assertThat(keys).containsExactly("na", "nar", "nar-x", "nar.x", "nar/a", "nar0");
    }

    @Test
    void supplementaryCharactersSortAfterTheWholeBmpAsInUtf8() {
        String emoji = "\uD83D\uDE00"; // U+1F600
        String privateUse = "\uE000";
        assertThat(emoji.compareTo(privateUse)).isNegative(); // UTF-16 order
        assertThat(KeyOrder.compare(emoji, privateUse)).isPositive(); // UTF-8 / S3 order
        assertThat(KeyOrder.compare("a" + emoji, "a" + emoji)).isZero();
    }

    @Property(tries = 1000)
    void agreesWithUnsignedUtf8ByteOrder(@ForAll("keys") String prefix, @ForAll("keys") String x, @ForAll("keys") String y) {
        String a = prefix + x;
        String b = prefix + y;
        int expected = Integer.signum(Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        assertThat(Integer.signum(KeyOrder.compare(a, b))).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<Integer> codePoints = Arbitraries.oneOf(
                Arbitraries.integers().between(0x2D, 0x7A),
                Arbitraries.integers().between(0x80, 0xD7FF),
                Arbitraries.integers().between(0xE000, 0xFFFF),
                Arbitraries.integers().between(0x10000, 0x10FFFF));
        return codePoints.list().ofMaxSize(6)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }
}
