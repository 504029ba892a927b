package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A hash value with its algorithm, as Nix writes it in narinfos, content addresses and SRI strings.
 *
 * <p>Immutable: the byte array is copied in and out. Equality is on algorithm and content. The
 * byte length always equals {@link HashAlgorithm#size()}.
 *
 * @param algorithm the algorithm
 * @param bytes the raw digest (copied)
 */
public record NixHash(HashAlgorithm algorithm, byte[] bytes) {
    private static final HexFormat HEX = HexFormat.of();

    public NixHash {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != algorithm.size()) {
            throw new FormatException("hash has the wrong length",
                    "algorithm", algorithm.nixName(), "bytes", bytes.length, "expected", algorithm.size());
        }
        bytes = bytes.clone();
    }

    /** The finished digest of {@code digest}, which must be of {@code algorithm}. */
    public static NixHash of(HashAlgorithm algorithm, MessageDigest digest) {
        return new NixHash(algorithm, digest.digest());
    }

    /** Hashes {@code data} in memory (for small inputs such as fingerprints and tests). */
    public static NixHash hash(HashAlgorithm algorithm, byte[] data) {
        return new NixHash(algorithm, algorithm.newDigest().digest(data));
    }

    /** A copy of the raw digest. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Parses a prefixed hash the way Nix's {@code Hash::parseAnyPrefixed} does:
     * {@code <algo>:<digest>} where the digest is hexadecimal (either case), nix32 or padded base64,
     * told apart by length; or SRI {@code <algo>-<base64>}.
     *
     * @throws FormatException on an unknown algorithm, a wrong length or a bad digit
     */
    public static NixHash parse(String s) {
        Objects.requireNonNull(s, "s");
        int colon = s.indexOf(':');
        if (colon >= 0) {
            return parseUnprefixed(s.substring(colon + 1), HashAlgorithm.fromNixName(s.substring(0, colon)));
        }
        int dash = s.indexOf('-');
        if (dash >= 0) {
            HashAlgorithm algorithm = HashAlgorithm.fromNixName(s.substring(0, dash));
            return new NixHash(algorithm, Base64Strict.decode(s.substring(dash + 1), algorithm.size(), "SRI hash"));
        }
        throw new FormatException("hash has no algorithm prefix", "hash", abbreviate(s));
    }

    /**
     * Parses a non-SRI {@code <algo>:<digest>} hash only (the form content addresses use).
     *
     * @throws FormatException if {@code s} is not of that form
     */
    public static NixHash parsePrefixed(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new FormatException("hash is not of the form <algorithm>:<digest>", "hash", abbreviate(s));
        }
        return parseUnprefixed(s.substring(colon + 1), HashAlgorithm.fromNixName(s.substring(0, colon)));
    }

    /**
     * Parses a bare digest of {@code algorithm}: hexadecimal, nix32 or base64, told apart by length.
     *
     * @throws FormatException if the length fits none of the three forms or a digit is invalid
     */
    public static NixHash parseUnprefixed(String digest, HashAlgorithm algorithm) {
        int len = digest.length();
        if (len == algorithm.hexLength()) {
            for (int i = 0; i < len; i++) {
                char c = digest.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                    throw new FormatException("invalid hexadecimal digit in hash", "position", i);
                }
            }
            return new NixHash(algorithm, HEX.parseHex(digest));
        }
        if (len == algorithm.nix32Length()) {
            return new NixHash(algorithm, Nix32.decode(digest, algorithm.size()));
        }
        if (len == algorithm.base64Length()) {
            return new NixHash(algorithm, Base64Strict.decode(digest, algorithm.size(), "base64 hash"));
        }
        throw new FormatException("hash digest has a length that is neither hex, nix32 nor base64",
                "algorithm", algorithm.nixName(), "length", len);
    }

    /** {@code <algo>:<nix32>}, the form narinfos and fingerprints use. */
    public String toNix32String() {
        return algorithm.nixName() + ':' + Nix32.encode(bytes);
    }

    /** The bare nix32 digest without prefix. */
    public String toNix32() {
        return Nix32.encode(bytes);
    }

    /** SRI form {@code <algo>-<base64>}. */
    public String toSri() {
        return algorithm.nixName() + '-' + Base64Strict.encode(bytes);
    }

    /** Lowercase hexadecimal digest without prefix. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NixHash h && h.algorithm == algorithm && MessageDigest.isEqual(h.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(bytes);
    }

    /** Same as {@link #toNix32String()}. */
    @Override
    public String toString() {
        return toNix32String();
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
