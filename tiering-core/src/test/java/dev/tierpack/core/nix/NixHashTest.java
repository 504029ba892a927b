package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import java.util.Base64;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NixHashTest {
    static final String NIX32 = Nix32Test.CORPUS_NIX32;
    static final String HEX = Nix32Test.CORPUS_HEX;
    static final String BASE64 = "jA/VmfZsJ5aPrztgghnzHyFKu5FYAoXK7mzeiYolpn8="; // `base64` of the same digest

    @Test
    void parsesEveryFormNixAcceptsToTheSameHash() {
        NixHash h = NixHash.parse("sha256:" + NIX32);
        assertThat(h.algorithm()).isEqualTo(HashAlgorithm.SHA256);
        assertThat(h.bytes()).isEqualTo(HexFormat.of().parseHex(HEX));
        assertThat(NixHash.parse("sha256:" + HEX)).isEqualTo(h);
        assertThat(NixHash.parse("sha256:" + HEX.toUpperCase())).isEqualTo(h);
        assertThat(NixHash.parse("sha256:" + BASE64)).isEqualTo(h);
        assertThat(NixHash.parse("sha256-" + BASE64)).isEqualTo(h);
        assertThat(NixHash.parseUnprefixed(NIX32, HashAlgorithm.SHA256)).isEqualTo(h);
        assertThat(h.hashCode()).isEqualTo(NixHash.parse("sha256-" + BASE64).hashCode());
    }

    @Test
    void rendersNix32SriAndHex() {
        NixHash h = NixHash.parse("sha256:" + HEX);
        assertThat(h.toNix32String()).isEqualTo("sha256:" + NIX32);
        assertThat(h.toString()).isEqualTo("sha256:" + NIX32);
        assertThat(h.toNix32()).isEqualTo(NIX32);
        assertThat(h.toSri()).isEqualTo("sha256-" + BASE64);
        assertThat(h.toHex()).isEqualTo(HEX);
    }

    @Test
    void hashesOfOtherAlgorithmsAreDistinguished() {
        NixHash sha1 = NixHash.hash(HashAlgorithm.SHA1, "abc".getBytes());
        assertThat(sha1.toHex()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d"); // FIPS 180 test vector
        assertThat(NixHash.parse(sha1.toNix32String())).isEqualTo(sha1);
        assertThat(sha1).isNotEqualTo(new NixHash(HashAlgorithm.SHA256, new byte[32]));
        assertThat(new NixHash(HashAlgorithm.SHA256, new byte[32])).isNotEqualTo(new NixHash(HashAlgorithm.SHA256, new byte[] {
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    }

    @Test
    void copiesDefensively() {
        byte[] raw = new byte[32];
        NixHash h = new NixHash(HashAlgorithm.SHA256, raw);
        raw[0] = 7;
        assertThat(h.bytes()[0]).isZero();
        h.bytes()[1] = 9;
        assertThat(h.bytes()[1]).isZero();
    }

    @Test
    void rejectsMalformedHashes() {
        assertBad("sha3:" + NIX32, "unknown hash algorithm");
        assertBad("SHA256:" + NIX32, "unknown hash algorithm");
        assertBad(NIX32, "no algorithm prefix");
        assertBad("sha256:" + NIX32.substring(1), "neither hex, nix32 nor base64");
        assertBad("sha256:" + NIX32.replace('0', 'e'), "invalid nix32 character");
        assertBad("sha256:" + HEX.replace('c', 'g'), "invalid hexadecimal digit");
        assertBad("sha256:" + BASE64.replace("8=", "9="), "not canonical"); // non-zero unused bits
        assertBad("sha256:" + BASE64.replace('=', 'A'), "wrong length"); // 44 chars without padding: 33 bytes
        assertBad("sha256-" + BASE64.substring(4), "wrong length");
        assertBad("sha256-" + BASE64.replace("=", ""), "not canonical");
        assertBad("sha256-" + BASE64.replace('/', '_'), "not valid base64");
        assertBad("sha1:" + NIX32, "neither hex, nix32 nor base64");
        assertThatThrownBy(() -> new NixHash(HashAlgorithm.SHA512, new byte[32]))
                .isInstanceOf(FormatException.class).hasMessageContaining("wrong length");
        assertThatThrownBy(() -> NixHash.parsePrefixed("sha256-" + BASE64))
                .isInstanceOf(FormatException.class).hasMessageContaining("<algorithm>:<digest>");
    }

    private static void assertBad(String s, String reason) {
        assertThatThrownBy(() -> NixHash.parse(s)).as(s).isInstanceOf(FormatException.class).hasMessageContaining(reason);
    }

    @Provide
    Arbitrary<NixHash> hashes() {
        return Arbitraries.of(HashAlgorithm.values()).flatMap(a -> Combinators.combine(
                Arbitraries.just(a), Arbitraries.bytes().array(byte[].class).ofSize(a.size())).as(NixHash::new));
    }

    @Property
    void everyStringFormRoundTrips(@ForAll("hashes") NixHash h) {
        String algo = h.algorithm().nixName();
        assertThat(NixHash.parse(h.toNix32String())).isEqualTo(h);
        assertThat(NixHash.parse(h.toSri())).isEqualTo(h);
        assertThat(NixHash.parse(algo + ":" + h.toHex())).isEqualTo(h);
        assertThat(NixHash.parse(algo + ":" + Base64.getEncoder().encodeToString(h.bytes()))).isEqualTo(h);
        assertThat(h.toNix32()).hasSize(h.algorithm().nix32Length());
        assertThat(h.toHex()).hasSize(h.algorithm().hexLength());
    }
}
