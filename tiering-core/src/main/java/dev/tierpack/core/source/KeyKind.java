package dev.tierpack.core.source;

import java.util.List;

/**
 * What an object in a Nix binary cache is, judged from its key alone (relative to the cache root).
 * Classification is exact and case-sensitive: anything that does not match a rule is {@link #OTHER}.
 */
public enum KeyKind {
    /** {@code <32 nix32 chars>.narinfo} at the root. */
    NARINFO,
    /** {@code nar/<nix32 file hash>.nar} optionally followed by {@code .xz}, {@code .bz2}, {@code .zst} or {@code .br}. */
    NAR,
    /** {@code <32 nix32 chars>.ls} at the root: the JSON file listing of a store path. */
    LISTING,
    /** {@code log/<anything>}: a build log. */
    LOG,
    /** {@code realisations/<anything>}: a content-addressed derivation output realisation. */
    REALISATION,
    /** {@code debuginfo/<anything>}: a debug-info link. */
    DEBUGINFO,
    /** {@code nix-cache-info} at the root. */
    CACHE_INFO,
    /** Everything else (temporary files, directory placeholders, unsupported compressions such as {@code .nar.gz}). */
    OTHER;

    /** The nix32 alphabet: digits and lowercase letters without {@code e o u t}. */
    public static final String NIX32_ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

    /** Length of the hash part of a store path in nix32 characters. */
    public static final int HASH_PART_LENGTH = 32;

    /** NAR file name endings; none is a suffix of another, so at most one matches. */
    static final List<String> NAR_EXTENSIONS = List.of(".nar", ".nar.xz", ".nar.bz2", ".nar.zst", ".nar.br");

    /** Classifies a key relative to the cache root; never null, never throws for non-null input. */
    public static KeyKind of(String key) {
        if (key.equals("nix-cache-info")) {
            return CACHE_INFO;
        }
        int slash = key.indexOf('/');
        if (slash < 0) {
            if (isHashPartThen(key, ".narinfo")) {
                return NARINFO;
            }
            return isHashPartThen(key, ".ls") ? LISTING : OTHER;
        }
        String rest = key.substring(slash + 1);
        return switch (key.substring(0, slash)) {
            case "nar" -> isNarFileName(rest) ? NAR : OTHER;
            case "log" -> isNamedObject(rest) ? LOG : OTHER;
            case "realisations" -> isNamedObject(rest) ? REALISATION : OTHER;
            case "debuginfo" -> isNamedObject(rest) ? DEBUGINFO : OTHER;
            default -> OTHER;
        };
    }

    /** True if every character is in {@link #NIX32_ALPHABET} and there is at least one. */
    public static boolean isNix32(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (NIX32_ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHashPartThen(String key, String suffix) {
        return key.length() == HASH_PART_LENGTH + suffix.length()
                && key.endsWith(suffix)
                && isNix32(key.subSequence(0, HASH_PART_LENGTH));
    }

    private static boolean isNarFileName(String name) {
        for (String ext : NAR_EXTENSIONS) {
            if (name.endsWith(ext)) {
                return isNix32(name.subSequence(0, name.length() - ext.length()));
            }
        }
        return false;
    }

    /** Non-empty, and not a directory placeholder. */
    private static boolean isNamedObject(String rest) {
        return !rest.isEmpty() && !rest.endsWith("/");
    }
}
