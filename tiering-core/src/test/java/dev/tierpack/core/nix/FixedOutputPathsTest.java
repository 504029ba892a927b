package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.ingest.NarIngest;
import dev.tierpack.core.nar.NarEntry;
import dev.tierpack.core.nar.NarReader;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/** Golden: the store paths real Nix gave the corpus's fixed-output paths are recomputed from their contents. */
class FixedOutputPathsTest {
    @Test
    void everyFlatFixedOutputOfTheCorpusHasThePathNixComputed() throws IOException {
        List<NarInfo> fixed = Corpus.narinfos().stream().map(NarInfoGoldenTest::parse)
                .filter(i -> i.ca().filter(ca -> ca.startsWith("fixed:sha256:")).isPresent()).toList();
        assertThat(fixed).as("flat fixed outputs in the corpus").isNotEmpty();
        for (NarInfo info : fixed) {
            NixHash contents = flatContentsHash(info);
            assertThat("fixed:" + contents.toNix32String()).as("CA of %s", info.storePath()).isEqualTo(info.ca().orElseThrow());
            assertThat(FixedOutputPaths.flat(info.storePath().storeDir(), info.storePath().name(), contents))
                    .isEqualTo(info.storePath());
        }
    }

    @Test
    void everyContentAddressedNarinfoOfTheCorpusImpliesItsOwnPath() {
        List<NarInfo> ca = Corpus.narinfos().stream().map(NarInfoGoldenTest::parse).filter(i -> i.ca().isPresent()).toList();
        assertThat(ca).isNotEmpty();
        for (NarInfo info : ca) {
            assertThat(FixedOutputPaths.implied(info.ca().orElseThrow(), info.storePath(), info.references()))
                    .as("%s", info.storePath()).contains(info.storePath());
        }
    }

    @Test
    void aNarinfoWhoseCaDoesNotMatchItsPathIsRefusedBeforeItsNarIsRead() throws IOException {
        NarInfo real = Corpus.narinfos().stream().map(NarInfoGoldenTest::parse)
                .filter(i -> i.ca().filter(ca -> ca.startsWith("fixed:sha256:")).isPresent()).findFirst().orElseThrow();
        String otherHash = "fixed:" + NixHash.hash(HashAlgorithm.SHA256, new byte[] {9}).toNix32String();
        NarInfo lying = NarInfo.parse(real.toText().replace(real.ca().orElseThrow(), otherHash), "lying.narinfo");
        try (LocalDirSource source = new LocalDirSource(Corpus.cache())) {
            assertThatThrownBy(() -> new NarIngest(source).read(lying, "lying.narinfo", r -> null))
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("store path does not match its content address")
                    .hasMessageContaining("storePath=" + real.storePath())
                    .hasMessageContaining("narinfo=lying.narinfo");
            String ok = new NarIngest(source).read(real, "real.narinfo", r -> "ok");
            assertThat(ok).isEqualTo("ok");
        }
    }

    @Test
    void anyOtherNameOrContentGivesAnotherPath() {
        NixHash h = NixHash.hash(HashAlgorithm.SHA256, new byte[] {1, 2, 3});
        StorePath p = FixedOutputPaths.flat(StorePath.DEFAULT_STORE_DIR, "a.tar.gz", h);
        assertThat(FixedOutputPaths.flat(StorePath.DEFAULT_STORE_DIR, "b.tar.gz", h)).isNotEqualTo(p);
        assertThat(FixedOutputPaths.flat(StorePath.DEFAULT_STORE_DIR, "a.tar.gz",
                NixHash.hash(HashAlgorithm.SHA256, new byte[] {1, 2, 4}))).isNotEqualTo(p);
        assertThat(FixedOutputPaths.recursive(StorePath.DEFAULT_STORE_DIR, "a.tar.gz", h, List.of())).isNotEqualTo(p);
    }

    private static NixHash flatContentsHash(NarInfo info) throws IOException {
        try (InputStream in = new XZInputStream(Files.newInputStream(Corpus.cache().resolve(info.url())))) {
            NarReader nar = new NarReader(in);
            NarEntry root = nar.next();
            assertThat(root).as("a flat fixed output is one regular file").isInstanceOf(NarEntry.RegularFile.class);
            MessageDigest md = HashAlgorithm.SHA256.newDigest();
            try (InputStream c = new DigestInputStream(nar.contents(), md)) {
                c.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(nar.next()).isNull();
            return NixHash.of(HashAlgorithm.SHA256, md);
        }
    }
}
