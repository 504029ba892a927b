package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 signature as it appears in a narinfo {@code Sig:} line: {@code <keyName>:<base64 of 64 bytes>}.
 *
 * @param keyName the signing key's name (non-empty, printable ASCII, no {@code :} or spaces)
 * @param bytes the 64-byte signature (copied in and out)
 */
public record Signature(String keyName, byte[] bytes) {
    /** Ed25519 signature length. */
    public static final int LENGTH = 64;

    public Signature {
        KeyName.check(keyName, "signature");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new FormatException("signature has the wrong length", "bytes", bytes.length, "expected", LENGTH);
        }
        bytes = bytes.clone();
    }

    /**
     * Parses {@code <keyName>:<base64>}.
     *
     * @throws FormatException if the name or the canonical padded base64 of 64 bytes is missing
     */
    public static Signature parse(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new FormatException("signature is not of the form <keyName>:<base64>");
        }
        return new Signature(s.substring(0, colon), Base64Strict.decode(s.substring(colon + 1), LENGTH, "signature"));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && s.keyName.equals(keyName) && MessageDigest.isEqual(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * keyName.hashCode() + Arrays.hashCode(bytes);
    }

    /** {@code <keyName>:<base64>}, as in a {@code Sig:} line. */
    @Override
    public String toString() {
        return keyName + ':' + Base64Strict.encode(bytes);
    }
}
