package dev.tierpack.core.source;

import java.util.Comparator;

/**
 * The order S3 lists keys in: lexicographic by the keys' UTF-8 bytes, which is Unicode code point
 * order. {@link String#compareTo} differs from it for characters outside the Basic Multilingual
 * Plane (compared as UTF-16 surrogates they sort below U+E000..U+FFFF); this comparator does not.
 */
public final class KeyOrder {
    /** Compares keys as S3 orders them. */
    public static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {}

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    return Integer.compare(codePointRank(x), codePointRank(y));
                }
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Moves surrogates (U+D800..U+DFFF) above U+E000..U+FFFF, preserving every other relation. */
    private static int codePointRank(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
