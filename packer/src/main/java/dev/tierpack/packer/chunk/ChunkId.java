package dev.tierpack.packer.chunk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A chunk id: the SHA-256 of the uncompressed chunk bytes (FORMAT.md section 1). Immutable: the 32 bytes are
 * copied in and out. Minimal version; the full one lives on the chunking branch.
 */
public record ChunkId(byte[] bytes) {
    public ChunkId {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException("chunk id must be 32 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        bytes = bytes.clone();
    }

    /** The id of {@code data[off, off + len)}. */
    public static ChunkId of(byte[] data, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, off, len);
            return new ChunkId(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
