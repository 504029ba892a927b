package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;

/**
 * Nix's own base-32 encoding ("nix32"), as used in store path hash parts and in narinfo hashes.
 *
 * <p>The alphabet is {@code 0123456789abcdfghijklmnpqrsvwxyz} (no {@code e o t u}). Unlike RFC 4648,
 * Nix treats the byte string as one little-endian number and prints its 5-bit groups from the most
 * significant (last) group to the least significant (first) one, so the first character carries the
 * high bits of the last byte. An {@code n}-byte input always encodes to {@code ceil(8n/5)}
 * characters, with no padding.
 *
 * <p>Decoding is strict: every character must be in the alphabet, the length must be exactly
 * {@link #encodedLength(int)} of some byte count, and the unused high bits of the first character
 * must be zero, so every byte string has exactly one accepted encoding.
 */
public final class Nix32 {
    /** The 32 digits in value order. */
    public static final String ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

    private static final byte[] REVERSE = new byte[128];

    static {
        java.util.Arrays.fill(REVERSE, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            REVERSE[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private Nix32() {}

    /** Number of nix32 characters for {@code byteLength} bytes: {@code ceil(8 * byteLength / 5)}. */
    public static int encodedLength(int byteLength) {
        if (byteLength < 0) {
            throw new IllegalArgumentException("negative length: " + byteLength);
        }
        return (int) ((byteLength * 8L + 4) / 5);
    }

    /** True if {@code c} is a nix32 digit. */
    public static boolean isDigit(char c) {
        return c < 128 && REVERSE[c] >= 0;
    }

    /** Encodes {@code bytes} exactly as Nix's {@code printHash32} does. */
    public static String encode(byte[] bytes) {
        int len = encodedLength(bytes.length);
        StringBuilder sb = new StringBuilder(len);
        for (int n = len - 1; n >= 0; n--) {
            int b = n * 5;
            int i = b / 8;
            int j = b % 8;
            int c = (bytes[i] & 0xff) >>> j;
            if (i + 1 < bytes.length) {
                c |= (bytes[i + 1] & 0xff) << (8 - j);
            }
            sb.append(ALPHABET.charAt(c & 0x1f));
        }
        return sb.toString();
    }

    /**
     * Decodes a nix32 string whose byte length follows from its character length.
     *
     * @throws FormatException on a character outside the alphabet, a length no byte count encodes
     *     to, or non-zero unused bits
     */
    public static byte[] decode(CharSequence s) {
        int byteLength = (int) (s.length() * 5L / 8);
        if (encodedLength(byteLength) != s.length()) {
            throw new FormatException("invalid nix32 length", "length", s.length());
        }
        return decode(s, byteLength);
    }

    /**
     * Decodes a nix32 string that must encode exactly {@code byteLength} bytes.
     *
     * @throws FormatException on a wrong length, a character outside the alphabet or non-zero unused bits
     */
    public static byte[] decode(CharSequence s, int byteLength) {
        int len = s.length();
        if (len != encodedLength(byteLength)) {
            throw new FormatException("invalid nix32 length", "length", len, "expected", encodedLength(byteLength));
        }
        byte[] out = new byte[byteLength];
        for (int n = 0; n < len; n++) {
            char c = s.charAt(len - n - 1);
            int digit = c < 128 ? REVERSE[c] : -1;
            if (digit < 0) {
                throw new FormatException("invalid nix32 character", "char", printable(c), "position", len - n - 1);
            }
            int b = n * 5;
            int i = b / 8;
            int j = b % 8;
            out[i] |= (byte) (digit << j);
            int carry = digit >>> (8 - j);
            if (i + 1 < byteLength) {
                out[i + 1] |= (byte) carry;
            } else if (carry != 0) {
                throw new FormatException("nix32 string has non-zero unused bits", "position", len - n - 1);
            }
        }
        return out;
    }

    private static String printable(char c) {
        return c >= 0x21 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }
}
