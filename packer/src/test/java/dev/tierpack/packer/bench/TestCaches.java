package dev.tierpack.packer.bench;

import dev.tierpack.core.compress.Compressors;
import dev.tierpack.core.nar.NarPath;
import dev.tierpack.core.nar.NarWriter;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.StorePath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Writes small binary caches by hand: store paths whose NAR is a flat directory of given files. */
public final class TestCaches {
    private TestCaches() {}

    /** Random bytes, deterministic in {@code seed}. */
    public static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** The NAR of a directory holding {@code files} (names sorted as NAR requires). */
    public static byte[] nar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NarWriter w = new NarWriter(out);
        w.directory(NarPath.ROOT);
        for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
            w.file(NarPath.ROOT.resolve(f.getKey()), false, f.getValue());
        }
        w.endDirectory(NarPath.ROOT);
        w.finish();
        return out.toByteArray();
    }

    /**
     * Adds store path {@code /nix/store/<hash>-<name>} with NAR {@code nar} (xz-compressed) to the cache in
     * {@code dir}; {@code declaredNarSize} is written as NarSize (pass {@code nar.length} for a correct narinfo).
     */
    public static void addStorePath(Path dir, String hash, String name, byte[] nar, long declaredNarSize) throws IOException {
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (OutputStream o = Compressors.xz(xz, 1)) {
            o.write(nar);
        }
        byte[] file = xz.toByteArray();
        NixHash fileHash = NixHash.hash(HashAlgorithm.SHA256, file);
        String url = "nar/" + fileHash.toNix32() + ".nar.xz";
        Files.createDirectories(dir.resolve("nar"));
        Files.write(dir.resolve(url), file);
        NarInfo info = NarInfo.builder(new StorePath(hash, name), url, NixHash.hash(HashAlgorithm.SHA256, nar),
                declaredNarSize).compression("xz").fileHash(fileHash).fileSize(file.length).build();
        Files.writeString(dir.resolve(hash + ".narinfo"), info.toText(), StandardCharsets.UTF_8);
    }

    /** A 32-character store-path hash part made of {@code c}. */
    public static String hash(char c) {
        return String.valueOf(c).repeat(32);
    }
}
