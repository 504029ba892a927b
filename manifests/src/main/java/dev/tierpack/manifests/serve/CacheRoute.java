package dev.tierpack.manifests.serve;

import dev.tierpack.core.nix.NixHash;

/** What a request asks for, once its path has been validated ({@link CacheRoutes#parse}). */
sealed interface CacheRoute {
    /** {@code /nix-cache-info}. */
    record CacheInfo() implements CacheRoute {}

    /** {@code /<hash>.narinfo}. */
    record NarInfoFile(String hashPart) implements CacheRoute {}

    /** {@code /<hash>.ls}: the JSON file listing. */
    record Listing(String hashPart) implements CacheRoute {}

    /** {@code /nar/<hash>.nar[.zst|.xz]}: a NAR by store path hash part (the URLs tierpack's narinfos give). */
    record Nar(String hashPart, NarEncoding encoding) implements CacheRoute {}

    /** {@code /nar/<FileHash>.nar[.xz|.zst]}: a NAR by its source's FileHash (URLs in the source's narinfos). */
    record LegacyNar(NixHash fileHash, NarEncoding encoding) implements CacheRoute {}

    /** A well-formed path that names nothing tierpack serves. */
    record Unknown() implements CacheRoute {}

    /** A malformed path (bad characters, traversal, encoded bytes): answered 400. */
    record Malformed(String reason) implements CacheRoute {}
}
