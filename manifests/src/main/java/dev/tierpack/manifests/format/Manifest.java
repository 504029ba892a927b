package dev.tierpack.manifests.format;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nar.NarEntry;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.ingest.StorePathLayout;
import dev.tierpack.packer.session.IngestedPath;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Everything tierpack keeps about one store path besides its chunks (docs/FORMAT.md section 8): the narinfo text as
 * the source cache served it (signatures included), its parsed form, where the store path is placed, and the NAR's
 * structure with each regular file's chunk list, from which the NAR is rewritten byte for byte.
 *
 * <p>Guarantees, checked on construction: {@code narInfoText} parses to {@code narInfo}; the layout is a canonical
 * NAR structure (root first, children of the open directory in strictly increasing name order, every directory
 * closed, at most {@value NarPositions#MAX_DEPTH} levels) whose regular files carry the contents offsets the NAR
 * format puts them at; every chunk reference is non-empty; and the NAR this structure describes is exactly
 * {@code narInfo.narSize()} bytes long. A manifest therefore cannot describe a NAR of another size; its NarHash is
 * checked when the NAR is reassembled.
 *
 * @param narInfo     the parsed narinfo (store path, NarHash, NarSize, references, signatures...)
 * @param narInfoText the narinfo text as migrated
 * @param placement   the tier the store path's data is placed on
 * @param layout      the NAR's entries and each regular file's chunks
 */
public record Manifest(NarInfo narInfo, String narInfoText, TierCode placement, StorePathLayout layout) {
    public Manifest {
        Objects.requireNonNull(narInfo, "narInfo");
        Objects.requireNonNull(narInfoText, "narInfoText");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(layout, "layout");
        String object = "manifest of " + narInfo.storePath();
        NarInfo parsed = NarInfo.parse(narInfoText, object);
        if (!parsed.equals(narInfo)) {
            throw new FormatException("narinfo text does not match the narinfo", "storePath", narInfo.storePath());
        }
        long size;
        try {
            size = check(layout);
        } catch (TierpackException e) {
            throw e.with("storePath", narInfo.storePath());
        }
        if (size != narInfo.narSize()) {
            throw new FormatException("NAR structure size differs from NarSize", "storePath", narInfo.storePath(),
                    "structureSize", size, "narSize", narInfo.narSize());
        }
    }

    /** The manifest of a store path the packer ingested, its narinfo rendered by {@link NarInfo#toText()}. */
    public static Manifest of(IngestedPath path, TierCode placement) {
        return new Manifest(path.info(), path.info().toText(), placement, path.layout());
    }

    public StorePath storePath() {
        return narInfo.storePath();
    }

    public NixHash narHash() {
        return narInfo.narHash();
    }

    public long narSize() {
        return narInfo.narSize();
    }

    /** This manifest placed on {@code tier}. */
    public Manifest withPlacement(TierCode tier) {
        return tier == placement ? this : new Manifest(narInfo, narInfoText, tier, layout);
    }

    /** Checks the structure; returns the NAR size it describes. */
    private static long check(StorePathLayout layout) {
        NarPositions pos = new NarPositions();
        Iterator<List<ChunkRef>> files = layout.files().iterator();
        for (NarEntry e : layout.entries()) {
            switch (e) {
                case NarEntry.Directory d -> pos.directory(d.path());
                case NarEntry.EndDirectory d -> pos.endDirectory(d.path());
                case NarEntry.Symlink s -> pos.symlink(s.path(), s.target().length);
                case NarEntry.RegularFile f -> {
                    long at = pos.file(f.path(), f.executable(), f.size());
                    if (at != f.contentsOffset()) {
                        throw new FormatException("file contents offset differs from its NAR position",
                                "path", f.path().toString(), "contentsOffset", f.contentsOffset(), "expected", at);
                    }
                    for (ChunkRef r : files.next()) {
                        if (r.length() == 0) {
                            throw new FormatException("empty chunk reference", "path", f.path().toString(), "chunk", r.id());
                        }
                    }
                }
            }
        }
        if (!pos.complete()) {
            throw new FormatException("NAR structure is incomplete (no root, or a directory left open)");
        }
        return pos.size();
    }
}
