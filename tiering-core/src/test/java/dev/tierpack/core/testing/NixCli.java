package dev.tierpack.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Nix CLI (Debian's {@code nix-bin}) as a test client, each call in a private environment under a root
 * directory: its own store ({@code ROOT/store}), state, configuration and home, so nothing of the machine's Nix
 * setup is used or touched.
 */
public final class NixCli {
    private static final String FEATURES = "nix-command";

    /** Exit status and merged stdout/stderr of one command. */
    public record Result(int status, String output) {}

    private final Path root;

    private NixCli(Path root) {
        this.root = root;
    }

    /** A client whose store and configuration live under {@code root}. */
    public static NixCli at(Path root) {
        return new NixCli(root);
    }

    /**
     * Installs {@code nix-bin} with apt-get (through {@code sudo -n} unless root) when {@code nix} is not on the
     * PATH; returns an error message, or null when {@code nix} and {@code nix-store} are available.
     */
    public static String ensureInstalled() throws IOException, InterruptedException {
        if (onPath("nix") && onPath("nix-store")) {
            return null;
        }
        List<String> sudo = "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
        List<String> update = new ArrayList<>(sudo);
        update.addAll(List.of("apt-get", "update", "-qq"));
        List<String> install = new ArrayList<>(sudo);
        install.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "nix-bin"));
        run(update, Map.of(), 600);
        Result r = run(install, Map.of(), 900);
        if (r.status() != 0 || !onPath("nix")) {
            return "nix is required (Debian package nix-bin); apt-get install failed: " + r.output();
        }
        return null;
    }

    /** The local store this client copies into. */
    public Path store() {
        return root.resolve("store");
    }

    /**
     * {@code nix copy --from CACHE --to local?root=ROOT/store PATHS}, with signature checking on and
     * {@code trustedKey} as the only trusted key, no other substituter, no negative narinfo caching.
     */
    public Result copy(URI cache, String trustedKey, List<String> storePaths) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("nix", "--extra-experimental-features", FEATURES, "copy",
                "--from", cache.toString(), "--to", "local?root=" + store(),
                "--option", "trusted-public-keys", trustedKey,
                "--option", "require-sigs", "true",
                "--option", "substituters", "",
                "--option", "narinfo-cache-negative-ttl", "0"));
        cmd.addAll(storePaths);
        return run(cmd, env(), 600);
    }

    /** {@code nix-store --verify-path} of every path in the local store. */
    public Result verifyAll() throws IOException, InterruptedException {
        List<String> verify = new ArrayList<>(List.of("nix-store", "--store", "local?root=" + store(), "--verify-path"));
        storeEntries().forEach(p -> verify.add("/nix/store/" + p));
        return run(verify, env(), 300);
    }

    /** Base names of the store paths in the local store (empty if it does not exist yet). */
    public List<String> storeEntries() throws IOException {
        Path dir = store().resolve("nix/store");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /** Base names ({@code hash-name}) of {@code /nix/store/...} paths. */
    public static List<String> baseNames(List<String> paths) {
        return paths.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
    }

    /** A private Nix environment: nothing from the machine's Nix configuration, state or cache is used. */
    private Map<String, String> env() throws IOException {
        Path state = Files.createDirectories(root.resolve("state"));
        Path conf = Files.createDirectories(root.resolve("conf"));
        Path home = Files.createDirectories(root.resolve("home"));
        Files.writeString(conf.resolve("nix.conf"), "sandbox = false\nbuild-users-group =\n");
        return Map.of("NIX_STATE_DIR", state.toString(), "NIX_CONF_DIR", conf.toString(), "HOME", home.toString(),
                "XDG_CACHE_HOME", home.resolve(".cache").toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "NIX_REMOTE", "", "NIX_USER_CONF_FILES", conf.resolve("nix.conf").toString());
    }

    /** Runs a command to completion (killed after {@code timeoutSeconds}). */
    public static Result run(List<String> cmd, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
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
