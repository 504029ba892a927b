package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Nix binary-cache signing key in Nix's file format {@code <name>:<base64 of 64 bytes>}, the bytes
 * being the 32-byte Ed25519 seed followed by the 32-byte public key (libsodium's layout). The
 * constructor proves that the public half belongs to the seed, so {@link #publicKey()} always
 * verifies what this key signs. {@link #toString()} never shows the secret.
 *
 * @param name the key name
 * @param bytes seed || public key, 64 bytes (copied in and out)
 */
public record SecretKey(String name, byte[] bytes) {
    public SecretKey {
        KeyName.check(name, "secret");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != 2 * Ed25519.KEY_LENGTH) {
            throw new FormatException("secret key has the wrong length", "bytes", bytes.length, "expected", 2 * Ed25519.KEY_LENGTH);
        }
        bytes = bytes.clone();
        String probe = "tierpack secret key self-check";
        byte[] pub = Arrays.copyOfRange(bytes, Ed25519.KEY_LENGTH, 2 * Ed25519.KEY_LENGTH);
        byte[] sig = Ed25519.sign(Ed25519.privateKey(Arrays.copyOf(bytes, Ed25519.KEY_LENGTH)), probe);
        if (!Ed25519.verify(Ed25519.publicKey(pub), probe, sig)) {
            throw new FormatException("secret key's public half does not match its seed", "name", name);
        }
    }

    /**
     * Parses Nix's {@code <name>:<base64>} secret key format.
     *
     * @throws FormatException if malformed or if the public half does not match the seed
     */
    public static SecretKey parse(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new FormatException("secret key is not of the form <name>:<base64>");
        }
        return new SecretKey(s.substring(0, colon),
                Base64Strict.decode(s.substring(colon + 1), 2 * Ed25519.KEY_LENGTH, "secret key"));
    }

    /** A fresh random key named {@code name} (like {@code nix key generate-secret}). */
    public static SecretKey generate(String name) {
        return new SecretKey(name, Ed25519.generate());
    }

    /** The matching public key, with the same name. */
    public PublicKey publicKey() {
        return new PublicKey(name, Arrays.copyOfRange(bytes, Ed25519.KEY_LENGTH, 2 * Ed25519.KEY_LENGTH));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    PrivateKey toJca() {
        return Ed25519.privateKey(Arrays.copyOf(bytes, Ed25519.KEY_LENGTH));
    }

    /** Nix's file format {@code <name>:<base64>}; this string is the secret. */
    public String toNixString() {
        return name + ':' + Base64Strict.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretKey k && k.name.equals(name) && MessageDigest.isEqual(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(bytes);
    }

    /** Names the key without revealing it. */
    @Override
    public String toString() {
        return "SecretKey[name=" + name + ", public=" + publicKey() + "]";
    }
}
