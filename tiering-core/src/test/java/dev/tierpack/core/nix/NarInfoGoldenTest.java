package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden tests against narinfos, keys and signatures written by the real Nix CLI. */
class NarInfoGoldenTest {
    static final SignatureVerifier CORPUS_KEYS = SignatureVerifier.of(PublicKey.parse(Corpus.publicKey()));

    static Stream<Path> narinfos() {
        List<Path> all = Corpus.narinfos();
        assertThat(all).hasSize(25);
        return all.stream();
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static NarInfo parse(Path p) {
        return NarInfoParser.forStoreDir("/nix/store").parse(read(p), p.getFileName().toString());
    }

    @ParameterizedTest
    @MethodSource("narinfos")
    void parsesAndWritesBackByteForByte(Path file) throws IOException {
        byte[] original = Files.readAllBytes(file);
        NarInfo info;
        try (InputStream in = Files.newInputStream(file)) {
            info = NarInfoParser.standard().parse(in, file.getFileName().toString());
        }
        assertThat(info.toText().getBytes(StandardCharsets.UTF_8)).isEqualTo(original);
        assertThat(NarInfo.parse(info.toText(), "again")).isEqualTo(info);
        assertThat(file.getFileName().toString()).isEqualTo(info.storePath().hashPart() + ".narinfo");
        assertThat(info.url()).isEqualTo("nar/" + info.fileHash().orElseThrow().toNix32() + ".nar.xz");
        assertThat(info.compression()).isEqualTo("xz");
        assertThat(info.unknownFields()).isEmpty();
        assertThat(info.sigs()).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("narinfos")
    void everySignatureVerifiesWithTheCorpusKey(Path file) {
        NarInfo info = parse(file);
        assertThat(CORPUS_KEYS.verify(info)).isEqualTo(new VerificationResult.Valid("corpus.example.org-1"));
        assertThat(CORPUS_KEYS.verify(info.fingerprint(), info.sigs().getFirst())).isTrue();
    }

    @Test
    void fingerprintIsExactlyWhatNixSigns() {
        NarInfo info = parse(Corpus.cache().resolve("6394aq01c0dg3pkckn1h9j55m19nngaj.narinfo"));
        assertThat(info.fingerprint()).isEqualTo("1;/nix/store/6394aq01c0dg3pkckn1h9j55m19nngaj-python3-3.12.1;"
                + "sha256:00cp5ajadgy74n54qj4q1ihiz43f3jp4x64a91rw3vpzf4j1f1z1;4636256;"
                + "/nix/store/6394aq01c0dg3pkckn1h9j55m19nngaj-python3-3.12.1,"
                + "/nix/store/dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux");
        NarInfo noRefs = parse(Corpus.cache().resolve("218l4l2mmaprm0q9b0rzqwnhlpgxbl5h.narinfo"));
        assertThat(noRefs.references()).isEmpty();
        assertThat(noRefs.fingerprint()).endsWith(";4324568;");
        assertThat(noRefs.ca()).contains("fixed:sha256:0fl80czbd7dqm15rhqbsjd75fqimrvvpcqyz6xydxfh4fa89wima");
    }

    @Test
    void referenceOrderInTheFileDoesNotChangeTheFingerprint() {
        Path file = Corpus.cache().resolve("6394aq01c0dg3pkckn1h9j55m19nngaj.narinfo");
        NarInfo info = parse(file);
        String swapped = read(file).replace(
                "References: 6394aq01c0dg3pkckn1h9j55m19nngaj-python3-3.12.1 dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux",
                "References: dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux 6394aq01c0dg3pkckn1h9j55m19nngaj-python3-3.12.1");
        NarInfo reordered = NarInfo.parse(swapped, "swapped");
        assertThat(reordered.references()).containsExactlyElementsOf(info.references().reversed());
        assertThat(reordered.fingerprint()).isEqualTo(info.fingerprint());
        assertThat(CORPUS_KEYS.verify(reordered).isValid()).isTrue();
    }

    /** Changing one character of any signed field must break every corpus signature that covers it. */
    @ParameterizedTest
    @MethodSource("narinfos")
    void tamperingWithASignedFieldInvalidatesTheSignature(Path file) {
        String text = read(file);
        NarInfo info = parse(file);
        assertTampered(text, "NarHash: sha256:", s -> flipNix32(s, s.length() - 1));
        assertTampered(text, "NarSize: ", s -> s.substring(0, s.length() - 1) + (s.endsWith("1") ? "2" : "1"));
        assertTampered(text, "StorePath: /nix/store/", s -> flipNix32(s, 0));
        if (!info.references().isEmpty()) {
            assertTampered(text, "References: ", s -> flipNix32(s, 0));
        }
    }

    @ParameterizedTest
    @MethodSource("narinfos")
    void unsignedFieldsCanBeRewrittenWithoutBreakingTheSignature(Path file) {
        NarInfo info = parse(file);
        NarInfo rewritten = info.withUrl("nar/elsewhere.nar.zst").withCompression("zstd").withFileHash(null).withFileSize(1);
        assertThat(rewritten.sigs()).isEqualTo(info.sigs());
        assertThat(CORPUS_KEYS.verify(NarInfo.parse(rewritten.toText(), "rewritten")).isValid()).isTrue();
    }

    @Test
    void signaturesFromUntrustedKeysAreReportedAsSuch() {
        NarInfo info = parse(Corpus.narinfos().getFirst());
        SignatureVerifier other = SignatureVerifier.of(SecretKey.generate("other-1").publicKey());
        assertThat(other.verify(info)).isEqualTo(new VerificationResult.NoTrustedSignature(List.of("corpus.example.org-1")));
        assertThat(other.verify(info).isValid()).isFalse();
        assertThat(other.verify(info.withSigs(List.of()))).isEqualTo(new VerificationResult.NoTrustedSignature(List.of()));

        // A key trusted under the corpus key's name but with other bytes: the signature is checked and fails.
        PublicKey impostor = new PublicKey("corpus.example.org-1", SecretKey.generate("x").publicKey().bytes());
        assertThat(SignatureVerifier.of(impostor).verify(info))
                .isEqualTo(new VerificationResult.Invalid(List.of("corpus.example.org-1")));
    }

    @Test
    void nixCacheInfoParsesAndRoundTrips() throws IOException {
        Path file = Corpus.cache().resolve("nix-cache-info");
        NixCacheInfo info;
        try (InputStream in = Files.newInputStream(file)) {
            info = NixCacheInfo.parse(in, "nix-cache-info");
        }
        assertThat(info.storeDir()).contains("/nix/store");
        assertThat(info.wantMassQuery()).isEmpty();
        assertThat(info.priority()).isEmpty();
        assertThat(info.toText().getBytes(StandardCharsets.UTF_8)).isEqualTo(Files.readAllBytes(file));
        assertThat(NarInfoParser.forCache(info).parse(read(Corpus.narinfos().getFirst()), "n").storePath().storeDir())
                .isEqualTo("/nix/store");
    }

    private static void assertTampered(String text, String prefix, UnaryOperator<String> change) {
        int start = text.indexOf(prefix) + prefix.length();
        int end = text.indexOf('\n', start);
        String value = text.substring(start, end);
        String changed = change.apply(value);
        assertThat(changed).hasSameSizeAs(value).isNotEqualTo(value);
        String tampered = text.substring(0, start) + changed + text.substring(end);
        NarInfo info = NarInfo.parse(tampered, "tampered");
        assertThat(CORPUS_KEYS.verify(info)).as(prefix).isEqualTo(new VerificationResult.Invalid(List.of("corpus.example.org-1")));
    }

    /** Replaces the nix32 digit at {@code i} by another one (any digit is valid at these positions). */
    private static String flipNix32(String s, int i) {
        char c = s.charAt(i);
        char other = Nix32.ALPHABET.charAt((Nix32.ALPHABET.indexOf(c) + 1) % 32);
        return s.substring(0, i) + other + s.substring(i + 1);
    }
}
