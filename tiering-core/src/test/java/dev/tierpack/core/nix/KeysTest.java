package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.testing.Corpus;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeysTest {
    @Test
    void parsesTheCorpusPublicKey() {
        PublicKey k = PublicKey.parse(Corpus.publicKey());
        assertThat(k.name()).isEqualTo("corpus.example.org-1");
        assertThat(k.bytes()).hasSize(32);
        assertThat(k.toString()).isEqualTo(Corpus.publicKey());
        assertThat(PublicKey.parse(k.toString())).isEqualTo(k).hasSameHashCodeAs(k);
    }

    /** RFC 8032 section 7.1, test 1: proves the raw little-endian key conversion and signing. */
    @Test
    void matchesRfc8032TestVector() {
        HexFormat hex = HexFormat.of();
        byte[] seed = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pub = hex.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] sig = hex.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
                + "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        byte[] both = Arrays.copyOf(seed, 64);
        System.arraycopy(pub, 0, both, 32, 32);
        SecretKey key = new SecretKey("rfc", both);
        assertThat(Ed25519.sign(key.toJca(), "")).isEqualTo(sig);
        assertThat(Ed25519.verify(key.publicKey().toJca(), "", sig)).isTrue();
        assertThat(Ed25519.verify(key.publicKey().toJca(), "x", sig)).isFalse();
    }

    @Test
    void generatedKeysRoundTripAndSign() {
        SecretKey key = SecretKey.generate("gen-1");
        assertThat(SecretKey.parse(key.toNixString())).isEqualTo(key);
        assertThat(key.publicKey().name()).isEqualTo("gen-1");
        assertThat(key.toString()).contains("gen-1").doesNotContain(key.toNixString().substring(6));
        // the JDK's raw public key must survive our encode/decode
        assertThat(new PublicKey("gen-1", key.publicKey().bytes())).isEqualTo(key.publicKey());
    }

    @Test
    void rejectsSecretKeyWhosePublicHalfDoesNotMatch() {
        byte[] a = SecretKey.generate("a").bytes();
        byte[] b = SecretKey.generate("b").bytes();
        System.arraycopy(b, 32, a, 32, 32);
        assertThatThrownBy(() -> new SecretKey("a", a))
                .isInstanceOf(FormatException.class).hasMessageContaining("does not match its seed");
    }

    @Test
    void rejectsMalformedKeysAndSignatures() {
        assertThatThrownBy(() -> PublicKey.parse("nocolon")).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> PublicKey.parse("name:AAAA")).isInstanceOf(FormatException.class).hasMessageContaining("wrong length");
        assertThatThrownBy(() -> PublicKey.parse(":" + Corpus.publicKey().split(":")[1]))
                .isInstanceOf(FormatException.class).hasMessageContaining("key name");
        assertThatThrownBy(() -> PublicKey.parse("a b:" + Corpus.publicKey().split(":")[1]))
                .isInstanceOf(FormatException.class).hasMessageContaining("key name");
        assertThatThrownBy(() -> SecretKey.parse(Corpus.publicKey())).isInstanceOf(FormatException.class).hasMessageContaining("wrong length");
        assertThatThrownBy(() -> Signature.parse("k:" + "A".repeat(84)))
                .isInstanceOf(FormatException.class).hasMessageContaining("wrong length");
        assertThatThrownBy(() -> Signature.parse("k:" + "A".repeat(86)))
                .isInstanceOf(FormatException.class).hasMessageContaining("not canonical");
        Signature s = Signature.parse("k:" + "A".repeat(86) + "==");
        assertThat(s.bytes()).hasSize(64);
        assertThat(s.toString()).isEqualTo("k:" + "A".repeat(86) + "==");
    }

    @Test
    void verifierRejectsConflictingTrustedKeys() {
        PublicKey a = SecretKey.generate("same").publicKey();
        PublicKey b = SecretKey.generate("same").publicKey();
        assertThat(SignatureVerifier.of(a, a).trustedKeyNames()).containsExactly("same");
        assertThatThrownBy(() -> SignatureVerifier.of(a, b))
                .isInstanceOf(ConfigException.class).hasMessageContaining("same name").hasMessageContaining("name=same");
    }
}
