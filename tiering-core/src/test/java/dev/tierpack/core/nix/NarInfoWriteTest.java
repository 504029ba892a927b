package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Test;

class NarInfoWriteTest {
    static final String GOOD = NarInfoBadInputTest.GOOD;

    @Test
    void unknownKeysKeepTheirPlace() {
        String[] l = GOOD.split("\n");
        String text = "X-Top: first\n" + l[0] + "\n" + l[1] + "\nX-After-Url: a b  c\nX-After-Url: again\n"
                + String.join("\n", List.of(l).subList(2, 10)) + "\nProvenance: {\"type\":\"build\"}\n";
        NarInfo info = NarInfo.parse(text, "x.narinfo");
        assertThat(info.unknownFields()).containsExactly(
                new UnknownField("X-Top", "first", ""),
                new UnknownField("X-After-Url", "a b  c", "URL"),
                new UnknownField("X-After-Url", "again", "URL"),
                new UnknownField("Provenance", "{\"type\":\"build\"}", "Sig"));
        assertThat(info.toText()).isEqualTo(text);
        // Rewriting URL and dropping FileHash keeps the unknown fields where they were.
        String rewritten = info.withUrl("nar/y.nar.zst").withFileHash(null).toText();
        assertThat(rewritten).contains("URL: nar/y.nar.zst\nX-After-Url: a b  c\nX-After-Url: again\nCompression: xz\nFileSize: 890064\n")
                .startsWith("X-Top: first\nStorePath: ").endsWith("Provenance: {\"type\":\"build\"}\n")
                .doesNotContain("FileHash");
    }

    @Test
    void writesNixsFieldOrderWhateverTheInputOrder() {
        String[] l = GOOD.split("\n");
        String shuffled = String.join("\n", l[9], l[7], l[6], l[0], l[2], l[1], l[5], l[3], l[4], l[8]) + "\n";
        NarInfo info = NarInfo.parse(shuffled, "shuffled");
        assertThat(info.toText()).isEqualTo(GOOD);
    }

    @Test
    void withersChangeOnlyTheirField() {
        NarInfo info = NarInfo.parse(GOOD, "g");
        NixHash other = NixHash.hash(HashAlgorithm.SHA256, new byte[] {1});
        NarInfo w = info.withUrl("nar/z.nar.zst").withCompression("zstd").withFileHash(other).withFileSize(42);
        assertThat(w.url()).isEqualTo("nar/z.nar.zst");
        assertThat(w.compression()).isEqualTo("zstd");
        assertThat(w.fileHash()).contains(other);
        assertThat(w.fileSize()).hasValue(42);
        assertThat(w.withUrl(info.url()).withCompression("xz").withFileHash(info.fileHash().orElseThrow())
                .withFileSize(info.fileSize().getAsLong())).isEqualTo(info);
        assertThat(w.toText()).contains("\nCompression: zstd\nFileHash: " + other.toNix32String() + "\nFileSize: 42\n")
                .contains(info.sigs().getFirst().toString());
        assertThat(info.withoutFileSize().toText()).doesNotContain("FileSize");
        assertThatThrownBy(() -> info.withFileSize(-1)).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> info.withUrl("")).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> info.withFileHash(NixHash.hash(HashAlgorithm.SHA1, new byte[0])))
                .isInstanceOf(FormatException.class).hasMessageContaining("FileHash is not sha256");
    }

    @Test
    void builtAndSignedNarInfoParsesBackAndVerifies() {
        SecretKey key = SecretKey.generate("test-cache-1");
        StorePath path = StorePath.parse("/nix/store/" + StorePathTest.HASH + "-hello-2.12");
        StorePath dep = StorePath.fromBaseName("dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux");
        NarInfo unsigned = NarInfo.builder(path, "nar/abc.nar.xz", NixHash.hash(HashAlgorithm.SHA256, new byte[] {2}), 1234)
                .compression("xz")
                .fileHash(NixHash.hash(HashAlgorithm.SHA256, new byte[] {3}))
                .fileSize(99)
                .references(List.of(path, dep))
                .deriver(StorePath.fromBaseName("sl4q85bshkhgvhma3q6j9vbcrncgfq5g-hello-2.12.drv"))
                .ca("fixed:r:sha256:" + Nix32Test.CORPUS_NIX32)
                .build();
        NarInfo signed = Signer.signed(key, unsigned);
        assertThat(Signer.signed(key, signed)).isEqualTo(signed); // Ed25519 is deterministic: no duplicate
        NarInfo parsed = NarInfo.parse(signed.toText(), "built");
        assertThat(parsed).isEqualTo(signed);
        assertThat(parsed.toText()).isEqualTo(signed.toText());
        SignatureVerifier verifier = SignatureVerifier.of(key.publicKey());
        assertThat(verifier.verify(parsed)).isEqualTo(new VerificationResult.Valid("test-cache-1"));
        assertThat(verifier.verify(unsigned)).isEqualTo(new VerificationResult.NoTrustedSignature(List.of()));

        // A second signature by a corpus-trusted key name, but forged, does not spoil the valid one.
        Signature forged = new Signature("corpus.example.org-1", new byte[64]);
        SignatureVerifier both = SignatureVerifier.of(key.publicKey(), PublicKey.parse(Corpus.publicKey()));
        assertThat(both.verify(parsed.withSigs(List.of(forged, signed.sigs().getFirst()))).isValid()).isTrue();
        assertThat(both.verify(parsed.withSigs(List.of(forged))))
                .isEqualTo(new VerificationResult.Invalid(List.of("corpus.example.org-1")));
    }

    @Test
    void constructorRejectsInconsistentContent() {
        NarInfo info = NarInfo.parse(GOOD, "g");
        StorePath foreign = StorePath.parse("/gnu/store/dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux");
        assertThatThrownBy(() -> NarInfo.builder(info.storePath(), "u", info.narHash(), 1).references(List.of(foreign)).build())
                .isInstanceOf(FormatException.class).hasMessageContaining("another store directory");
        StorePath ref = info.references().getFirst();
        assertThatThrownBy(() -> NarInfo.builder(info.storePath(), "u", info.narHash(), 1).references(List.of(ref, ref)).build())
                .isInstanceOf(FormatException.class).hasMessageContaining("duplicate reference");
        assertThatThrownBy(() -> NarInfo.builder(info.storePath(), "u", info.narHash(), 0).build())
                .isInstanceOf(FormatException.class).hasMessageContaining("NarSize must be positive");
        assertThatThrownBy(() -> NarInfo.builder(info.storePath(), "u", info.narHash(), 1)
                .unknownField(new UnknownField("URL", "x", "")).build())
                .isInstanceOf(FormatException.class).hasMessageContaining("known key");
        assertThatThrownBy(() -> NarInfo.builder(info.storePath(), "u", info.narHash(), 1).ca("text:sha1:" + "0".repeat(32)).build())
                .isInstanceOf(FormatException.class).hasMessageContaining("text content address must use sha256");
    }
}
