package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash algorithms Nix names in hash strings, with their digest sizes and string lengths. */
public enum HashAlgorithm {
    MD5("md5", "MD5", 16),
    SHA1("sha1", "SHA-1", 20),
    SHA256("sha256", "SHA-256", 32),
    SHA512("sha512", "SHA-512", 64);

    private final String nixName;
    private final String jcaName;
    private final int size;

    HashAlgorithm(String nixName, String jcaName, int size) {
        this.nixName = nixName;
        this.jcaName = jcaName;
        this.size = size;
    }

    /** The name Nix prints, e.g. {@code sha256}. */
    public String nixName() {
        return nixName;
    }

    /** Digest size in bytes. */
    public int size() {
        return size;
    }

    /** Length of the lowercase hexadecimal form. */
    public int hexLength() {
        return size * 2;
    }

    /** Length of the nix32 form. */
    public int nix32Length() {
        return Nix32.encodedLength(size);
    }

    /** Length of the padded standard base64 form. */
    public int base64Length() {
        return (size + 2) / 3 * 4;
    }

    /** A fresh JDK digest for this algorithm (all four are mandatory in every JDK). */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    /**
     * The algorithm Nix calls {@code name} (exact, lowercase).
     *
     * @throws FormatException if Nix has no such algorithm
     */
    public static HashAlgorithm fromNixName(String name) {
        for (HashAlgorithm a : values()) {
            if (a.nixName.equals(name)) {
                return a;
            }
        }
        throw new FormatException("unknown hash algorithm", "algorithm", name);
    }
}
