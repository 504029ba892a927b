package dev.tierpack.manifests.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and length of streamed bytes. */
public final class Digests {
    private Digests() {}

    /** An output stream that only hashes and counts. */
    public static final class Sink extends OutputStream {
        private final MessageDigest sha = sha256();
        private long count;

        @Override
        public void write(int b) {
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha.update(b, off, len);
            count += len;
        }

        public long count() {
            return count;
        }

        public byte[] digest() {
            return sha.digest();
        }
    }

    /** SHA-256 (hex) and length of everything {@code in} yields, as "hex:length". */
    public static String of(InputStream in) throws IOException {
        Sink s = new Sink();
        in.transferTo(s);
        return HexFormat.of().formatHex(s.digest()) + ":" + s.count();
    }

    /** The SHA-256 (hex) and length of {@code xz -dc file}, decoded by the xz tool. */
    public static String xzDc(java.nio.file.Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("xz", "-dc", file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String d;
        try (InputStream in = p.getInputStream()) {
            d = of(in);
        }
        if (p.waitFor() != 0) {
            throw new IOException("xz -dc failed: " + file);
        }
        return d;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
