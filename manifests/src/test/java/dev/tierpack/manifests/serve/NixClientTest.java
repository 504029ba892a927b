package dev.tierpack.manifests.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.testing.NixCli;
import dev.tierpack.manifests.MigratedCorpus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Nix client substitutes from {@code tierpack serve}: {@code nix copy --from http://127.0.0.1:PORT} of every
 * store path of channel bump 6 (and, through References, their closure) into a fresh local store, with signature
 * checking on and the corpus key as the only trusted key, then {@code nix-store --verify-path}. Once through the
 * zstd URLs of rewritten narinfos, once through the legacy {@code nar/<FileHash>.nar.xz} URLs of the original ones.
 * Installs Debian's {@code nix-bin} when {@code nix} is missing and fails if it cannot.
 */
class NixClientTest {
    @TempDir Path tmp;

    @BeforeAll
    static void requireNix() throws Exception {
        assertThat(NixCli.ensureInstalled()).as("nix (Debian package nix-bin)").isNull();
    }

    @Test
    void nixCopiesEveryBump6PathThroughZstdNarsAndVerifiesThem() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults())) {
            NixCli nix = copyAndVerify(server, Corpus.publicKey(), tmp.resolve("zstd"));
            assertThat(nix.storeEntries()).containsAll(NixCli.baseNames(bump6()));
            assertThat(server.requestCounts()).containsKey("Nar").doesNotContainKey("LegacyNar");
            assertThat(server.abortedResponses()).isZero();
        }
    }

    @Test
    void nixCopiesThroughTheLegacyXzUrlsOfTheOriginalNarinfos() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults().withOriginalNarInfo(true))) {
            NixCli nix = copyAndVerify(server, Corpus.publicKey(), tmp.resolve("legacy"));
            assertThat(nix.storeEntries()).containsAll(NixCli.baseNames(bump6()));
            assertThat(server.requestCounts()).containsKey("LegacyNar").doesNotContainKey("Nar");
        }
    }

    @Test
    void nixRefusesPathsSignedByAnUntrustedKey() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        String otherKey = "other-1:" + Corpus.publicKey().substring(Corpus.publicKey().indexOf(':') + 1);
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults())) {
            NixCli.Result copy = NixCli.at(tmp.resolve("untrusted")).copy(server.uri(), otherKey, bump6());
            assertThat(copy.status()).as(copy.output()).isNotZero();
            assertThat(copy.output()).contains("lacks a valid signature");
        }
    }

    private static NixCli copyAndVerify(CacheServer server, String trustedKey, Path root) throws Exception {
        List<String> paths = bump6();
        NixCli nix = NixCli.at(root);
        NixCli.Result copy = nix.copy(server.uri(), trustedKey, paths);
        assertThat(copy.status()).as("nix copy: %s", copy.output()).isZero();
        assertThat(nix.storeEntries()).hasSizeGreaterThanOrEqualTo(paths.size());
        NixCli.Result v = nix.verifyAll();
        assertThat(v.status()).as("nix-store --verify-path: %s", v.output()).isZero();
        return nix;
    }

    private static List<String> bump6() throws IOException {
        return Files.readAllLines(Corpus.channelBump(6)).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
