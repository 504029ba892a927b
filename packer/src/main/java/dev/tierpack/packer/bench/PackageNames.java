package dev.tierpack.packer.bench;

import java.util.Comparator;

/** Package names and version order of store-path names, as Nix splits them. */
public final class PackageNames {
    private PackageNames() {}

    /**
     * The package name of a store-path name (without the hash): everything before the first {@code -} that is
     * followed by a character other than a letter, the rule of Nix's {@code parseDrvName}. So
     * {@code python3-3.12.1} is {@code python3}, {@code esbuild-linux-x64-0.24.2.tgz} is
     * {@code esbuild-linux-x64}, and {@code stdenv-linux} (no version) is itself.
     */
    public static String packageName(String name) {
        for (int i = 0; i + 1 < name.length(); i++) {
            if (name.charAt(i) == '-' && !Character.isLetter(name.charAt(i + 1))) {
                return name.substring(0, i);
            }
        }
        return name;
    }

    /** Compares names with runs of ASCII digits compared as numbers, so {@code 3.9} sorts before {@code 3.10}. */
    public static Comparator<String> naturalOrder() {
        return PackageNames::compareNatural;
    }

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                String na = stripZeros(a.substring(i, ei));
                String nb = stripZeros(b.substring(j, ej));
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int e = from;
        while (e < s.length() && isDigit(s.charAt(e))) {
            e++;
        }
        return e;
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
