package dev.tierpack.core.compress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Shared helpers of the compress tests: hashing, deterministic data, running the real xz tool. */
final class CompressTestSupport {
    private CompressTestSupport() {}

    static String sha256(InputStream in) throws IOException {
        MessageDigest md = sha256();
        try (DigestInputStream d = new DigestInputStream(in, md)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deterministic pseudo-random bytes, the same definition as {@code resources/compress/br/generate.py}. */
    static byte[] lcg(int n, long seed) {
        byte[] out = new byte[n];
        long x = seed;
        for (int i = 0; i < n; i++) {
            x = (x * 1103515245L + 12345L) & 0x7fffffffL;
            out[i] = (byte) ((x >> 16) & 0xff);
        }
        return out;
    }

    static byte[] decode(Compression c, byte[] compressed) throws IOException {
        try (InputStream in = Decompressors.open(c, new ByteArrayInputStream(compressed), "test-object")) {
            return in.readAllBytes();
        }
    }

    static byte[] decode(XzBackend b, byte[] compressed, String objectName) throws IOException {
        try (InputStream in = b.open(new ByteArrayInputStream(compressed), objectName)) {
            return in.readAllBytes();
        }
    }

    static byte[] xzEncode(byte[] data, int preset) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream out = Compressors.xz(bo, preset)) {
            out.write(data);
        }
        return bo.toByteArray();
    }

    /** SHA-256 of what {@code xz -dc} writes for {@code file}. */
    static String xzCliSha256(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("xz", "-dc", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String sha = sha256(p.getInputStream());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("xz -dc " + file + " failed: " + p.exitValue());
        }
        return sha;
    }

    /** Runs a tool with {@code input} on stdin; returns stdout, or throws if it exits non-zero. */
    static byte[] pipeThrough(byte[] input, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = Thread.ofPlatform().start(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        feeder.join();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
        return out;
    }

    /** Exit status of {@code xz -dc} on {@code compressed} (0 = accepted). */
    static int xzCliExit(byte[] compressed) throws IOException, InterruptedException {
        Path f = Files.createTempFile("tierpack-test", ".xz");
        try {
            Files.write(f, compressed);
            Process p = new ProcessBuilder("xz", "-dc", f.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor();
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
