package dev.tierpack.core.nix;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Store paths of content-addressed (fixed-output) store objects, computed as Nix computes them
 * ({@code makeFixedOutputPath} and {@code makeStorePath} in libstore): Nix checks that a substituted path which
 * claims {@code CA: fixed:...} really has that path, so caches we generate must compute it the same way.
 *
 * <pre>
 * makeStorePath(type, hash, name) = storeDir + "/" + nix32(compress20(sha256(type + ":" + "sha256:" + hex(hash)
 *                                   + ":" + storeDir + ":" + name))) + "-" + name
 * flat (CA "fixed:sha256:H"):        makeStorePath("output:out", sha256("fixed:out:sha256:" + hex(H) + ":"), name)
 * recursive sha256 ("fixed:r:sha256:H"): makeStorePath("source" + (":" + reference)*, H, name)
 * </pre>
 *
 * where {@code compress20} folds the 32-byte digest to 20 bytes by XOR ({@code out[i % 20] ^= in[i]}).
 */
public final class FixedOutputPaths {
    private FixedOutputPaths() {}

    /** The path of a flat-hashed fixed output (a single regular file whose contents hash to {@code fileHash}). */
    public static StorePath flat(String storeDir, String name, NixHash fileHash) {
        Objects.requireNonNull(fileHash, "fileHash");
        String inner = "fixed:out:" + prefixedHex(fileHash) + ":";
        NixHash innerHash = NixHash.hash(HashAlgorithm.SHA256, inner.getBytes(StandardCharsets.UTF_8));
        return makeStorePath(storeDir, "output:out", innerHash, name);
    }

    /** The path of a recursively (NAR-) hashed SHA-256 fixed output with the given references (full paths). */
    public static StorePath recursive(String storeDir, String name, NixHash narHash, List<String> references) {
        if (narHash.algorithm() != HashAlgorithm.SHA256) {
            throw new IllegalArgumentException("recursive fixed outputs other than sha256 are hashed like flat ones");
        }
        return makeStorePath(storeDir, type("source", references, false), narHash, name);
    }

    /**
     * The store path a narinfo's {@code CA} field implies for a path of this name and these references, or empty
     * when the CA form is not one computed here ({@code fixed:[r:]ALGO:HASH} and {@code text:sha256:HASH} are).
     * A path that claims a content address must have this path: Nix refuses it otherwise.
     *
     * @throws dev.tierpack.core.error.FormatException if the hash in a recognised CA form does not parse
     */
    public static java.util.Optional<StorePath> implied(String ca, StorePath path, List<StorePath> references) {
        boolean text = ca.startsWith("text:");
        if (!text && !ca.startsWith("fixed:")) {
            return java.util.Optional.empty();
        }
        String rest = ca.substring(ca.indexOf(':') + 1);
        boolean recursive = rest.startsWith("r:");
        if (recursive) {
            rest = rest.substring(2);
        }
        NixHash hash = NixHash.parsePrefixed(rest);
        List<String> refs = references.stream().filter(r -> !r.equals(path)).map(StorePath::toString).toList();
        boolean self = references.contains(path);
        String dir = path.storeDir();
        if (text) {
            if (recursive || self || hash.algorithm() != HashAlgorithm.SHA256) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(makeStorePath(dir, type("text", refs, false), hash, path.name()));
        }
        if (recursive && hash.algorithm() == HashAlgorithm.SHA256) {
            return java.util.Optional.of(makeStorePath(dir, type("source", refs, self), hash, path.name()));
        }
        if (!references.isEmpty()) {
            return java.util.Optional.empty(); // Nix allows no references here: not a path it could have made
        }
        String inner = "fixed:out:" + (recursive ? "r:" : "") + prefixedHex(hash) + ":";
        NixHash innerHash = NixHash.hash(HashAlgorithm.SHA256, inner.getBytes(StandardCharsets.UTF_8));
        return java.util.Optional.of(makeStorePath(dir, "output:out", innerHash, path.name()));
    }

    private static String type(String kind, List<String> refs, boolean self) {
        StringBuilder type = new StringBuilder(kind);
        refs.stream().sorted().forEach(r -> type.append(':').append(r));
        if (self) {
            type.append(":self");
        }
        return type.toString();
    }

    /** Nix's {@code makeStorePath}. */
    public static StorePath makeStorePath(String storeDir, String type, NixHash hash, String name) {
        StorePath.checkStoreDir(storeDir);
        StorePath.checkName(name);
        String s = type + ":" + prefixedHex(hash) + ":" + storeDir + ":" + name;
        byte[] digest = NixHash.hash(HashAlgorithm.SHA256, s.getBytes(StandardCharsets.UTF_8)).bytes();
        byte[] folded = new byte[20];
        for (int i = 0; i < digest.length; i++) {
            folded[i % 20] ^= digest[i];
        }
        return new StorePath(storeDir, Nix32.encode(folded), name);
    }

    private static String prefixedHex(NixHash h) {
        return h.algorithm().nixName() + ":" + h.toHex();
    }
}
