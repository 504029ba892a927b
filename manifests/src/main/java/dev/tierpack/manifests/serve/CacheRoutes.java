package dev.tierpack.manifests.serve;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.Nix32;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.manifests.catalog.CatalogEntry;

/**
 * Parses request paths strictly. A path is at most {@value #MAX_PATH} characters of {@code [A-Za-z0-9._-]} separated
 * by single slashes, with no {@code .} or {@code ..} segment and no percent-encoding: anything else is
 * {@link CacheRoute.Malformed}. Well-formed paths are matched exactly against the binary-cache layout; nothing is ever
 * resolved against a file system.
 */
final class CacheRoutes {
    static final int MAX_PATH = 256;
    private static final int FILE_HASH_LENGTH = HashAlgorithm.SHA256.nix32Length();

    private CacheRoutes() {}

    static CacheRoute parse(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return new CacheRoute.Malformed("path must start with /");
        }
        if (rawPath.length() > MAX_PATH) {
            return new CacheRoute.Malformed("path too long");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-' || c == '/';
            if (!ok) {
                return new CacheRoute.Malformed("character not allowed in a path");
            }
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (String s : segments) {
            if (s.isEmpty() && segments.length > 1) {
                return new CacheRoute.Malformed("empty path segment");
            }
            if (s.equals(".") || s.equals("..")) {
                return new CacheRoute.Malformed("dot segment in path");
            }
        }
        if (segments.length == 1) {
            String name = segments[0];
            if (name.equals("nix-cache-info")) {
                return new CacheRoute.CacheInfo();
            }
            if (name.endsWith(".narinfo") && hashPart(name, ".narinfo")) {
                return new CacheRoute.NarInfoFile(stem(name, ".narinfo"));
            }
            if (name.endsWith(".ls") && hashPart(name, ".ls")) {
                return new CacheRoute.Listing(stem(name, ".ls"));
            }
            return new CacheRoute.Unknown();
        }
        if (segments.length == 2 && segments[0].equals("nar")) {
            String name = segments[1];
            int dot = name.indexOf('.');
            if (dot < 0) {
                return new CacheRoute.Unknown();
            }
            NarEncoding encoding = NarEncoding.ofSuffix(name.substring(dot));
            String hash = name.substring(0, dot);
            if (encoding == null) {
                return new CacheRoute.Unknown();
            }
            if (CatalogEntry.isHashPart(hash)) {
                return new CacheRoute.Nar(hash, encoding);
            }
            if (hash.length() == FILE_HASH_LENGTH) {
                try {
                    return new CacheRoute.LegacyNar(new NixHash(HashAlgorithm.SHA256, Nix32.decode(hash, 32)), encoding);
                } catch (FormatException | IllegalArgumentException e) {
                    return new CacheRoute.Unknown();
                }
            }
        }
        return new CacheRoute.Unknown();
    }

    private static boolean hashPart(String name, String suffix) {
        return CatalogEntry.isHashPart(stem(name, suffix));
    }

    private static String stem(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }
}
