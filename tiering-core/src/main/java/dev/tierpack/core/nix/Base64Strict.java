package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.util.Base64;

/** Standard padded base64 that accepts only the one canonical encoding of each byte string. */
final class Base64Strict {
    private Base64Strict() {}

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Decodes {@code s}, which must be the canonical padded encoding of exactly {@code expectedBytes} bytes.
     *
     * @throws FormatException otherwise
     */
    static byte[] decode(String s, int expectedBytes, String what) {
        byte[] out;
        try {
            out = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new FormatException(what + " is not valid base64");
        }
        if (out.length != expectedBytes) {
            throw new FormatException(what + " has the wrong length", "bytes", out.length, "expected", expectedBytes);
        }
        if (!encode(out).equals(s)) {
            throw new FormatException(what + " is not canonical padded base64");
        }
        return out;
    }
}
