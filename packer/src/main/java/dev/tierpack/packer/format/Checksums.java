package dev.tierpack.packer.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/** The two checksums of the format: CRC32C (Castagnoli) and SHA-256. */
public final class Checksums {
    public static final int SHA256_SIZE = 32;

    private Checksums() {}

    /** CRC32C of {@code buf[off, off + len)}, as the unsigned 32-bit value stored in the format (in an int). */
    public static int crc32c(byte[] buf, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(buf, off, len);
        return (int) crc.getValue();
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** SHA-256 of {@code buf[off, off + len)}. */
    public static byte[] sha256(byte[] buf, int off, int len) {
        MessageDigest md = sha256();
        md.update(buf, off, len);
        return md.digest();
    }
}
