package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Nix binary-cache public key, written {@code <name>:<base64 of 32 bytes>} (as in
 * {@code trusted-public-keys}). The bytes are the raw RFC 8032 Ed25519 encoding and are checked to be
 * usable by the JDK's Ed25519 provider.
 *
 * @param name the key name (non-empty, printable ASCII, no {@code :} or spaces)
 * @param bytes the 32 raw key bytes (copied in and out)
 */
public record PublicKey(String name, byte[] bytes) {
    public PublicKey {
        KeyName.check(name, "public");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != Ed25519.KEY_LENGTH) {
            throw new FormatException("public key has the wrong length", "bytes", bytes.length, "expected", Ed25519.KEY_LENGTH);
        }
        bytes = bytes.clone();
        Ed25519.publicKey(bytes);
    }

    /**
     * Parses {@code <name>:<base64>}.
     *
     * @throws FormatException if it is not of that form or not 32 bytes of canonical padded base64
     */
    public static PublicKey parse(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new FormatException("public key is not of the form <name>:<base64>");
        }
        return new PublicKey(s.substring(0, colon), Base64Strict.decode(s.substring(colon + 1), Ed25519.KEY_LENGTH, "public key"));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    java.security.PublicKey toJca() {
        return Ed25519.publicKey(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey k && k.name.equals(name) && MessageDigest.isEqual(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(bytes);
    }

    /** {@code <name>:<base64>}. */
    @Override
    public String toString() {
        return name + ':' + Base64Strict.encode(bytes);
    }
}
