package dev.tierpack.core.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a generated cache into a directory laid out like {@code nix copy --to file://DIR}. */
public record DirectorySink(Path root) implements CacheSink {
    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root.normalize())) {
            throw new IOException("key escapes the cache directory: " + key);
        }
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
    }
}
