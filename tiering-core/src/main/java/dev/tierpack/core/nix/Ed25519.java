package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/** Conversions between Nix's raw Ed25519 encodings (RFC 8032) and the JDK's built-in Ed25519 provider. */
final class Ed25519 {
    static final int KEY_LENGTH = 32;
    private static final String ALGORITHM = "Ed25519";

    private Ed25519() {}

    /**
     * The JDK public key for a raw 32-byte RFC 8032 encoding: {@code y} little-endian in the low 255
     * bits, the parity of {@code x} in the top bit of the last byte.
     */
    static java.security.PublicKey publicKey(byte[] raw) {
        byte[] le = raw.clone();
        boolean xOdd = (le[KEY_LENGTH - 1] & 0x80) != 0;
        le[KEY_LENGTH - 1] &= 0x7f;
        BigInteger y = new BigInteger(1, reverse(le));
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
        } catch (GeneralSecurityException e) {
            throw new FormatException("invalid Ed25519 public key", e);
        }
    }

    /** The raw 32-byte encoding of a JDK public key. */
    static byte[] raw(EdECPublicKey key) {
        byte[] be = key.getPoint().getY().toByteArray();
        byte[] le = new byte[KEY_LENGTH];
        for (int i = 0; i < be.length && i < KEY_LENGTH; i++) {
            le[i] = be[be.length - 1 - i];
        }
        if (key.getPoint().isXOdd()) {
            le[KEY_LENGTH - 1] |= (byte) 0x80;
        }
        return le;
    }

    static PrivateKey privateKey(byte[] seed) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        } catch (GeneralSecurityException e) {
            throw new FormatException("invalid Ed25519 secret key", e);
        }
    }

    /** A fresh random key pair as {@code seed || public}. */
    static byte[] generate() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            byte[] seed = ((EdECPrivateKey) kp.getPrivate()).getBytes().orElseThrow();
            byte[] out = new byte[2 * KEY_LENGTH];
            System.arraycopy(seed, 0, out, 0, KEY_LENGTH);
            System.arraycopy(raw((EdECPublicKey) kp.getPublic()), 0, out, KEY_LENGTH, KEY_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks Ed25519", e);
        }
    }

    static byte[] sign(PrivateKey key, String message) {
        try {
            java.security.Signature s = java.security.Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** True iff {@code signature} is valid for {@code message} under {@code key}; never throws on bad input. */
    static boolean verify(java.security.PublicKey key, String message, byte[] signature) {
        try {
            java.security.Signature s = java.security.Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] reverse(byte[] a) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }
}
