package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import java.math.BigInteger;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Nix32Test {
    // A real pair from the corpus: the file nar/<nix32>.nar.xz and its `sha256sum` (computed outside Java).
    static final String CORPUS_NIX32 = "0zx64n58kpkcxv58a0jqj6xll88zyccq4q1vmy7rc9vcyscxa3wc";
    static final String CORPUS_HEX = "8c0fd599f66c27968faf3b608219f31f214abb91580285caee6cde898a25a67f";

    @Test
    void encodesARealCorpusDigestLikeNix() {
        byte[] digest = HexFormat.of().parseHex(CORPUS_HEX);
        assertThat(Nix32.encode(digest)).isEqualTo(CORPUS_NIX32);
        assertThat(Nix32.decode(CORPUS_NIX32)).isEqualTo(digest);
        assertThat(Nix32.decode(CORPUS_NIX32, 32)).isEqualTo(digest);
    }

    @Test
    void bitOrderPutsTheLastByteFirst() {
        byte[] b = new byte[32];
        b[0] = 1;
        assertThat(Nix32.encode(b)).isEqualTo("0".repeat(51) + "1");
        b[0] = 0;
        b[31] = (byte) 0x80; // bit 255 of the little-endian number: lowest bit of the most significant digit
        assertThat(Nix32.encode(b)).isEqualTo("1" + "0".repeat(51));
    }

    @Test
    void lengthsMatchNix() {
        assertThat(Nix32.encodedLength(0)).isZero();
        assertThat(Nix32.encodedLength(16)).isEqualTo(26);
        assertThat(Nix32.encodedLength(20)).isEqualTo(32);
        assertThat(Nix32.encodedLength(32)).isEqualTo(52);
        assertThat(Nix32.encodedLength(64)).isEqualTo(103);
        assertThat(Nix32.encode(new byte[0])).isEmpty();
    }

    @Test
    void rejectsCharactersOutsideTheAlphabet() {
        for (char bad : new char[] {'e', 'o', 'u', 't', 'A', '-', ' ', 'é'}) {
            String s = CORPUS_NIX32.substring(0, 10) + bad + CORPUS_NIX32.substring(11);
            assertThatThrownBy(() -> Nix32.decode(s, 32))
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining("invalid nix32 character")
                    .hasMessageContaining("position=10");
        }
    }

    @Test
    void rejectsWrongLengths() {
        assertThatThrownBy(() -> Nix32.decode(CORPUS_NIX32.substring(1), 32))
                .isInstanceOf(FormatException.class).hasMessageContaining("invalid nix32 length").hasMessageContaining("expected=52");
        // 1 byte -> 2 chars, 2 -> 4, 3 -> 5: no byte count encodes to 1, 3 or 6 characters
        for (String s : new String[] {"0", "000", "000000"}) {
            assertThatThrownBy(() -> Nix32.decode(s))
                    .isInstanceOf(FormatException.class).hasMessageContaining("invalid nix32 length");
        }
    }

    @Test
    void rejectsNonZeroUnusedBits() {
        // 52 chars carry 260 bits for 256: the first character may only be 0 or 1.
        assertThat(Nix32.decode("1" + CORPUS_NIX32.substring(1), 32)).hasSize(32);
        assertThatThrownBy(() -> Nix32.decode("2" + CORPUS_NIX32.substring(1), 32))
                .isInstanceOf(FormatException.class).hasMessageContaining("non-zero unused bits");
        assertThatThrownBy(() -> Nix32.decode("z" + CORPUS_NIX32.substring(1)))
                .isInstanceOf(FormatException.class).hasMessageContaining("non-zero unused bits");
    }

    @Property
    void roundTrips(@ForAll @Size(max = 100) byte[] bytes) {
        String s = Nix32.encode(bytes);
        assertThat(s).hasSize(Nix32.encodedLength(bytes.length));
        assertThat(s.chars()).allMatch(c -> Nix32.ALPHABET.indexOf(c) >= 0);
        assertThat(Nix32.decode(s)).isEqualTo(bytes);
        assertThat(Nix32.decode(s, bytes.length)).isEqualTo(bytes);
    }

    /** Independent model: the bytes as a little-endian number, printed in base 32 most significant digit first. */
    @Property
    void equalsLittleEndianNumberInBase32(@ForAll @Size(min = 1, max = 100) byte[] bytes) {
        byte[] be = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            be[i] = bytes[bytes.length - 1 - i];
        }
        BigInteger value = new BigInteger(1, be);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < Nix32.encodedLength(bytes.length); i++) {
            expected.append(Nix32.ALPHABET.charAt(value.intValue() & 31));
            value = value.shiftRight(5);
        }
        assertThat(Nix32.encode(bytes)).isEqualTo(expected.reverse().toString());
    }
}
