package dev.tierpack.manifests.serve;

import dev.tierpack.core.nix.NarInfo;

/**
 * The narinfo tierpack serves for a migrated store path: the source's narinfo with {@code URL} pointing at
 * tierpack's NAR endpoint ({@code nar/<hash part><suffix>}), {@code Compression} set to the encoding, and
 * {@code FileHash}/{@code FileSize} removed (the file is compressed on the fly, so its hash and size are not known in
 * advance). Every other field and every {@code Sig} line is unchanged; signatures stay valid because the signed
 * fingerprint covers only the store path, NarHash, NarSize and references.
 */
final class NarInfoRewriter {
    private NarInfoRewriter() {}

    static NarInfo rewrite(NarInfo source, NarEncoding encoding) {
        return source.withUrl("nar/" + source.storePath().hashPart() + encoding.suffix())
                .withCompression(encoding.compression())
                .withFileHash(null)
                .withoutFileSize();
    }
}
