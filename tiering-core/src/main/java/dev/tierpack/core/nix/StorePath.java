package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.util.Objects;
import java.util.Optional;

/**
 * A Nix store path {@code <storeDir>/<hashPart>-<name>}.
 *
 * <p>Guarantees: {@code storeDir} is a canonical absolute directory (starts with {@code /}, no
 * trailing {@code /}, no empty, {@code .} or {@code ..} components, printable ASCII without
 * spaces); {@code hashPart} is 32 nix32 digits (a 160-bit digest); {@code name} is 1 to
 * {@value #MAX_NAME_LENGTH} characters from {@code [A-Za-z0-9+\-._?=]} and does not start with
 * {@code .}.
 *
 * @param storeDir the store directory, e.g. {@code /nix/store}
 * @param hashPart the 32-character nix32 hash part
 * @param name the name after the dash
 */
public record StorePath(String storeDir, String hashPart, String name) implements Comparable<StorePath> {
    /** Nix's default store directory. */
    public static final String DEFAULT_STORE_DIR = "/nix/store";
    /** Characters in the hash part (20 bytes in nix32). */
    public static final int HASH_PART_LENGTH = 32;
    /** Nix's {@code StorePath::MaxPathLen}: the longest allowed name. */
    public static final int MAX_NAME_LENGTH = 211;

    public StorePath {
        Objects.requireNonNull(storeDir, "storeDir");
        Objects.requireNonNull(hashPart, "hashPart");
        Objects.requireNonNull(name, "name");
        checkStoreDir(storeDir);
        checkHashPart(hashPart);
        checkName(name);
    }

    /** A store path in {@link #DEFAULT_STORE_DIR}. */
    public StorePath(String hashPart, String name) {
        this(DEFAULT_STORE_DIR, hashPart, name);
    }

    /**
     * Parses a full path {@code <storeDir>/<hash>-<name>}; the store directory is everything before
     * the last {@code /}.
     *
     * @throws FormatException if it is not a valid store path
     */
    public static StorePath parse(String fullPath) {
        Objects.requireNonNull(fullPath, "fullPath");
        int slash = fullPath.lastIndexOf('/');
        if (slash < 0) {
            throw new FormatException("store path is not absolute", "path", NixHash.abbreviate(fullPath));
        }
        return fromBaseName(fullPath.substring(0, slash), fullPath.substring(slash + 1));
    }

    /**
     * Parses a full path that must lie directly in {@code storeDir}.
     *
     * @throws FormatException if it is invalid or in another directory
     */
    public static StorePath parse(String fullPath, String storeDir) {
        StorePath p = parse(fullPath);
        if (!p.storeDir.equals(storeDir)) {
            throw new FormatException("store path is not in the expected store directory",
                    "path", NixHash.abbreviate(fullPath), "storeDir", storeDir);
        }
        return p;
    }

    /** Parses a base name {@code <hash>-<name>} (as in References) in the default store directory. */
    public static StorePath fromBaseName(String baseName) {
        return fromBaseName(DEFAULT_STORE_DIR, baseName);
    }

    /**
     * Parses a base name {@code <hash>-<name>} in {@code storeDir}.
     *
     * @throws FormatException if the base name or directory is invalid
     */
    public static StorePath fromBaseName(String storeDir, String baseName) {
        Objects.requireNonNull(baseName, "baseName");
        if (baseName.length() < HASH_PART_LENGTH + 2) {
            throw new FormatException("store path base name is too short", "baseName", NixHash.abbreviate(baseName));
        }
        if (baseName.charAt(HASH_PART_LENGTH) != '-') {
            throw new FormatException("store path base name has no '-' after the hash part",
                    "baseName", NixHash.abbreviate(baseName));
        }
        try {
            return new StorePath(storeDir, baseName.substring(0, HASH_PART_LENGTH), baseName.substring(HASH_PART_LENGTH + 1));
        } catch (FormatException e) {
            throw (FormatException) e.with("baseName", NixHash.abbreviate(baseName));
        }
    }

    /** {@code <hash>-<name>}. */
    public String baseName() {
        return hashPart + '-' + name;
    }

    /** The 20 bytes the hash part encodes. */
    public byte[] hashBytes() {
        return Nix32.decode(hashPart, 20);
    }

    /** This path's base name in another store directory. */
    public StorePath withStoreDir(String dir) {
        return new StorePath(dir, hashPart, name);
    }

    /**
     * The name without its version, by Nix's {@code DrvName} rule: the version starts after the first
     * {@code -} that is followed by a character that is not a letter; without such a dash the whole
     * name is returned. {@code python3-3.12.1 -> python3}, {@code stdenv-linux -> stdenv-linux}.
     */
    public String packageName() {
        int dash = versionDash(name);
        return dash < 0 ? name : name.substring(0, dash);
    }

    /** The version part by the same rule, if any ({@code python3-3.12.1 -> 3.12.1}). */
    public Optional<String> version() {
        int dash = versionDash(name);
        return dash < 0 ? Optional.empty() : Optional.of(name.substring(dash + 1));
    }

    private static int versionDash(String s) {
        for (int i = 0; i + 1 < s.length(); i++) {
            if (s.charAt(i) == '-' && !isAsciiLetter(s.charAt(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    /** The full path {@code <storeDir>/<hash>-<name>}. */
    @Override
    public String toString() {
        return storeDir + '/' + baseName();
    }

    /** Orders like Nix orders store path sets: by store directory, then base name. */
    @Override
    public int compareTo(StorePath o) {
        int c = storeDir.compareTo(o.storeDir);
        return c != 0 ? c : baseName().compareTo(o.baseName());
    }

    /**
     * Checks a store path name against Nix's rules.
     *
     * @throws FormatException if it is empty, longer than {@value #MAX_NAME_LENGTH}, is {@code .} or
     *     {@code ..} (or starts with {@code .-}/{@code ..-}), or contains a character outside
     *     {@code [A-Za-z0-9+\-._?=]}
     */
    public static void checkName(String name) {
        if (name.isEmpty()) {
            throw new FormatException("store path name is empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new FormatException("store path name is too long", "length", name.length(), "max", MAX_NAME_LENGTH);
        }
        // Nix >= 2.20 accepts hidden names like ".foo" but refuses what could be read as "." or ".."
        if (name.equals(".") || name.equals("..") || name.startsWith(".-") || name.startsWith("..-")) {
            throw new FormatException("store path name is '.' or '..' (or starts with '.-'/'..-')", "name", name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAsciiLetter(c) || c >= '0' && c <= '9' || "+-._?=".indexOf(c) >= 0)) {
                throw new FormatException("store path name contains an illegal character",
                        "name", NixHash.abbreviate(name), "position", i);
            }
        }
    }

    private static void checkHashPart(String hashPart) {
        if (hashPart.length() != HASH_PART_LENGTH) {
            throw new FormatException("store path hash part has the wrong length",
                    "length", hashPart.length(), "expected", HASH_PART_LENGTH);
        }
        for (int i = 0; i < hashPart.length(); i++) {
            if (!Nix32.isDigit(hashPart.charAt(i))) {
                throw new FormatException("store path hash part contains a non-nix32 character", "position", i);
            }
        }
    }

    /**
     * Checks that {@code dir} is a canonical absolute directory other than {@code /} (Nix compares
     * store directories as strings, so only the canonical spelling is accepted).
     *
     * @throws FormatException otherwise
     */
    public static void checkStoreDir(String dir) {
        if (dir.length() < 2 || dir.charAt(0) != '/' || dir.endsWith("/") || dir.length() > 4096) {
            throw new FormatException("store directory is not a canonical absolute path", "storeDir", NixHash.abbreviate(dir));
        }
        for (int i = 0; i < dir.length(); i++) {
            char c = dir.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new FormatException("store directory contains a space, control or non-ASCII character",
                        "storeDir", NixHash.abbreviate(dir), "position", i);
            }
        }
        for (String component : dir.substring(1).split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                throw new FormatException("store directory is not a canonical absolute path", "storeDir", NixHash.abbreviate(dir));
            }
        }
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
