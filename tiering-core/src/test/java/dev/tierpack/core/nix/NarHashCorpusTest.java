package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.XZInputStream;

/**
 * Proves the nix32 codec and hash parsing against real data: the hashes real Nix wrote into the
 * narinfos must equal SHA-256 computed here over the corpus files.
 */
class NarHashCorpusTest {
    static Stream<Named<NarInfo>> narinfos() {
        return all().stream().map(NarHashCorpusTest::named);
    }

    private static List<NarInfo> all() {
        return Corpus.narinfos().stream().map(NarInfoGoldenTest::parse).toList();
    }

    private static Named<NarInfo> named(NarInfo info) {
        return Named.of(info.storePath().baseName(), info);
    }

    /** The four narinfos with the smallest NARs keep the decompression cost low; FileHash is checked for all. */
    static Stream<Named<NarInfo>> smallest() {
        return all().stream().sorted(Comparator.comparingLong(NarInfo::narSize)).limit(4).map(NarHashCorpusTest::named);
    }

    @ParameterizedTest
    @MethodSource("narinfos")
    void fileHashAndFileSizeMatchTheCompressedNar(NarInfo info) throws IOException {
        Path nar = Corpus.cache().resolve(info.url());
        MessageDigest md = HashAlgorithm.SHA256.newDigest();
        long size;
        try (InputStream in = new DigestInputStream(Files.newInputStream(nar), md)) {
            size = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(NixHash.of(HashAlgorithm.SHA256, md)).isEqualTo(info.fileHash().orElseThrow());
        assertThat(size).isEqualTo(info.fileSize().orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("smallest")
    void narHashAndNarSizeMatchTheDecompressedNar(NarInfo info) throws IOException {
        Path nar = Corpus.cache().resolve(info.url());
        MessageDigest md = HashAlgorithm.SHA256.newDigest();
        long size;
        try (InputStream in = new DigestInputStream(new XZInputStream(Files.newInputStream(nar)), md)) {
            size = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(size).isEqualTo(info.narSize());
        assertThat(NixHash.of(HashAlgorithm.SHA256, md)).isEqualTo(info.narHash());
    }
}
