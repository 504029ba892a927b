package dev.tierpack.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the real-Nix golden corpus in {@code ../shared/corpus} beside the checkout. */
public final class Corpus {
    private Corpus() {}

    /** {@code shared/} directory: system property {@code tierpack.shared}, else walk up from the working dir. */
    public static Path shared() {
        String prop = System.getProperty("tierpack.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "corpus"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("corpus"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/corpus not found; set -Dtierpack.shared=/path/to/shared");
    }

    public static Path root() {
        return shared().resolve("corpus");
    }

    /** The binary cache directory ({@code nix-cache-info}, {@code *.narinfo}, {@code nar/}, {@code *.ls}). */
    public static Path cache() {
        return root().resolve("nix-cache");
    }

    public static Path publicKeyFile() {
        return root().resolve("public-key");
    }

    public static String publicKey() {
        try {
            return Files.readString(publicKeyFile()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> narinfos() {
        return list(cache(), ".narinfo");
    }

    public static List<Path> nars() {
        return list(cache().resolve("nar"), ".nar.xz");
    }

    public static Path channelBump(int n) {
        return root().resolve("channels").resolve("bump" + n + ".txt");
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
