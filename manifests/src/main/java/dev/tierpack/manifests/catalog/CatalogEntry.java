package dev.tierpack.manifests.catalog;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.Nix32;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the catalog knows about one store path: where its manifest is (the manifest's chunk id, and the manifest
 * pack holding it), its placement, its NarSize, the original FileHash (for legacy {@code nar/<FileHash>.nar.xz}
 * URLs) and the narinfo text, so that narinfo requests need no tier read.
 *
 * <p>Validated on construction: the hash part is 32 nix32 digits and equals the narinfo's store path's; the narinfo
 * text is the manifest's. Stored as the value of the hash part in the {@code paths} column family (FORMAT.md 9.3).
 *
 * @param hashPart     the store path's hash part, the catalog key
 * @param placement    the tier the store path's data is on
 * @param manifest     chunk id of the manifest
 * @param manifestPack the manifest pack holding it (decides between two entries for one store path: the larger,
 *                     later, pack id wins)
 * @param narSize      NarSize
 * @param fileHash     the source's FileHash, if its narinfo had one
 * @param narInfoText  the narinfo text as migrated
 */
public record CatalogEntry(String hashPart, TierCode placement, ChunkId manifest, PackId manifestPack, long narSize,
        Optional<NixHash> fileHash, String narInfoText) {
    /** The value layout version written by this code. */
    public static final int VERSION = 1;
    static final int HEAD = 1 + 1 + 1 + ChunkId.LENGTH + PackId.SIZE + 8 + 32 + 4;

    public CatalogEntry {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(manifestPack, "manifestPack");
        Objects.requireNonNull(fileHash, "fileHash");
        Objects.requireNonNull(narInfoText, "narInfoText");
        if (!isHashPart(hashPart)) {
            throw new FormatException("not a store path hash part", "hashPart", String.valueOf(hashPart));
        }
        if (narSize < 1) {
            throw new FormatException("NarSize must be positive", "hashPart", hashPart, "narSize", narSize);
        }
        fileHash.ifPresent(h -> {
            if (h.algorithm() != HashAlgorithm.SHA256) {
                throw new FormatException("FileHash is not sha256", "hashPart", hashPart);
            }
        });
    }

    /** The entry of {@code manifest}, stored as chunk {@code id} in manifest pack {@code pack}. */
    public static CatalogEntry of(Manifest manifest, ChunkId id, PackId pack) {
        NarInfo info = manifest.narInfo();
        return new CatalogEntry(info.storePath().hashPart(), manifest.placement(), id, pack, info.narSize(),
                info.fileHash(), manifest.narInfoText());
    }

    /** The narinfo, parsed. */
    public NarInfo narInfo() {
        return NarInfo.parse(narInfoText, hashPart + ".narinfo");
    }

    public StorePath storePath() {
        return narInfo().storePath();
    }

    /** Whether {@code s} is 32 nix32 digits, the form of a store path hash part. */
    public static boolean isHashPart(String s) {
        if (s == null || s.length() != StorePath.HASH_PART_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Nix32.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    byte[] key() {
        return hashPart.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The value (FORMAT.md 9.3): version, placement, flags (bit 0: FileHash present), manifest chunk id, manifest
     * pack id, NarSize, FileHash digest (zeros if absent), narinfo length and UTF-8 text.
     */
    byte[] encode() {
        byte[] text = narInfoText.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[HEAD + text.length];
        int at = 0;
        b[at++] = VERSION;
        b[at++] = (byte) placement.code();
        b[at++] = (byte) (fileHash.isPresent() ? 1 : 0);
        manifest.writeTo(b, at);
        at += ChunkId.LENGTH;
        manifestPack.copyTo(b, at);
        at += PackId.SIZE;
        putLong(b, at, narSize);
        at += 8;
        if (fileHash.isPresent()) {
            System.arraycopy(fileHash.get().bytes(), 0, b, at, 32);
        }
        at += 32;
        putInt(b, at, text.length);
        at += 4;
        System.arraycopy(text, 0, b, at, text.length);
        return b;
    }

    static CatalogEntry decode(byte[] key, byte[] v) {
        String hashPart = new String(key, StandardCharsets.US_ASCII);
        if (v.length < 1) {
            throw new FormatException("empty catalog value", "hashPart", hashPart);
        }
        if ((v[0] & 0xFF) != VERSION) {
            throw new dev.tierpack.packer.format.UnsupportedFormatVersionException("catalog entry", v[0] & 0xFF,
                    "hashPart", hashPart);
        }
        if (v.length < HEAD) {
            throw new FormatException("truncated catalog value", "hashPart", hashPart, "length", v.length);
        }
        int flags = v[2] & 0xFF;
        if ((flags & ~1) != 0) {
            throw new FormatException("unknown catalog value flags", "hashPart", hashPart, "flags", flags);
        }
        int at = 3;
        ChunkId manifest = ChunkId.read(v, at);
        at += ChunkId.LENGTH;
        PackId pack = new PackId(Arrays.copyOfRange(v, at, at + PackId.SIZE));
        at += PackId.SIZE;
        long narSize = getLong(v, at);
        at += 8;
        Optional<NixHash> fileHash = (flags & 1) != 0
                ? Optional.of(new NixHash(HashAlgorithm.SHA256, Arrays.copyOfRange(v, at, at + 32)))
                : Optional.empty();
        at += 32;
        int n = getInt(v, at);
        at += 4;
        if (n < 0 || n != v.length - at) {
            throw new FormatException("catalog value length mismatch", "hashPart", hashPart, "textLength", n,
                    "length", v.length);
        }
        return new CatalogEntry(hashPart, TierCode.fromCode(v[1] & 0xFF), manifest, pack, narSize, fileHash,
                new String(v, at, n, StandardCharsets.UTF_8));
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
