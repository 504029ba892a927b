package dev.tierpack.manifests.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.testing.Corpus;
import dev.tierpack.manifests.MigratedCorpus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    static final String NIX_FEATURES = "nix-command";

    @TempDir Path tmp;

    @BeforeAll
    static void requireNix() throws Exception {
        if (!onPath("nix") || !onPath("nix-store")) {
            List<String> sudo = "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
            List<String> update = new ArrayList<>(sudo);
            update.addAll(List.of("apt-get", "update", "-qq"));
            List<String> install = new ArrayList<>(sudo);
            install.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "nix-bin"));
            run(update, Map.of(), 600);
            Result r = run(install, Map.of(), 900);
            assertThat(r.status()).as("apt-get install nix-bin: %s", r.output()).isZero();
        }
        assertThat(onPath("nix")).as("nix is required (Debian package nix-bin)").isTrue();
    }

    @Test
    void nixCopiesEveryBump6PathThroughZstdNarsAndVerifiesThem() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults())) {
            Path store = copyAndVerify(server, Corpus.publicKey(), tmp.resolve("zstd"));
            assertThat(storeEntries(store)).containsAll(baseNames(bump6()));
            assertThat(server.requestCounts()).containsKey("Nar").doesNotContainKey("LegacyNar");
            assertThat(server.abortedResponses()).isZero();
        }
    }

    @Test
    void nixCopiesThroughTheLegacyXzUrlsOfTheOriginalNarinfos() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults().withOriginalNarInfo(true))) {
            Path store = copyAndVerify(server, Corpus.publicKey(), tmp.resolve("legacy"));
            assertThat(storeEntries(store)).containsAll(baseNames(bump6()));
            assertThat(server.requestCounts()).containsKey("LegacyNar").doesNotContainKey("Nar");
        }
    }

    @Test
    void nixRefusesPathsSignedByAnUntrustedKey() throws Exception {
        MigratedCorpus corpus = MigratedCorpus.get();
        String otherKey = "other-1:" + Corpus.publicKey().substring(Corpus.publicKey().indexOf(':') + 1);
        try (CacheServer server = CacheServer.start(new InetSocketAddress("127.0.0.1", 0), corpus.readBack(),
                ServeConfig.defaults())) {
            Path root = tmp.resolve("untrusted");
            Result copy = nixCopy(server, otherKey, root, bump6());
            assertThat(copy.status()).as(copy.output()).isNotZero();
            assertThat(copy.output()).contains("lacks a valid signature");
        }
    }

    private Path copyAndVerify(CacheServer server, String trustedKey, Path root) throws Exception {
        List<String> paths = bump6();
        Result copy = nixCopy(server, trustedKey, root, paths);
        assertThat(copy.status()).as("nix copy: %s", copy.output()).isZero();
        Path store = root.resolve("store");
        List<String> copied = storeEntries(store);
        assertThat(copied).hasSizeGreaterThanOrEqualTo(paths.size());
        List<String> verify = new ArrayList<>(List.of("nix-store", "--store", "local?root=" + store, "--verify-path"));
        copied.forEach(p -> verify.add("/nix/store/" + p));
        Result v = run(verify, env(root), 300);
        assertThat(v.status()).as("nix-store --verify-path: %s", v.output()).isZero();
        return store;
    }

    private Result nixCopy(CacheServer server, String trustedKey, Path root, List<String> paths) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nix", "--extra-experimental-features", NIX_FEATURES, "copy",
                "--from", server.uri().toString(), "--to", "local?root=" + root.resolve("store"),
                "--option", "trusted-public-keys", trustedKey,
                "--option", "require-sigs", "true",
                "--option", "substituters", "",
                "--option", "narinfo-cache-negative-ttl", "0"));
        cmd.addAll(paths);
        return run(cmd, env(root), 600);
    }

    /** A private Nix environment: nothing from the machine's Nix configuration, state or cache is used. */
    private static Map<String, String> env(Path root) throws IOException {
        Path state = Files.createDirectories(root.resolve("state"));
        Path conf = Files.createDirectories(root.resolve("conf"));
        Path home = Files.createDirectories(root.resolve("home"));
        Files.writeString(conf.resolve("nix.conf"), "sandbox = false\nbuild-users-group =\n");
        return Map.of("NIX_STATE_DIR", state.toString(), "NIX_CONF_DIR", conf.toString(), "HOME", home.toString(),
                "XDG_CACHE_HOME", home.resolve(".cache").toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "NIX_REMOTE", "", "NIX_USER_CONF_FILES", conf.resolve("nix.conf").toString());
    }

    private static List<String> bump6() throws IOException {
        return Files.readAllLines(Corpus.channelBump(6)).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> baseNames(List<String> paths) {
        return paths.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
    }

    private static List<String> storeEntries(Path store) throws IOException {
        Path dir = store.resolve("nix/store");
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    record Result(int status, String output) {}

    static Result run(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
