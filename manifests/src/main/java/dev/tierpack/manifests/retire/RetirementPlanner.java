package dev.tierpack.manifests.retire;

import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyStats;
import dev.tierpack.packer.format.TierCode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Decides which source objects are fully migrated and verified. Two passes, bounded memory:
 *
 * <ol>
 *   <li>every catalogued store path is verified: warm ones are reassembled from their manifests and checked against
 *       NarHash and NarSize now; cold ones count as verified by the NarHash check at migration time (their packs
 *       cannot be read without a restore; the caller runs the index-level checks of cold packs first). Only the
 *       store paths that fail are remembered;
 *   <li>the source is listed once; an object is retired only if it belongs to a catalogued, verified store path:
 *       its {@code <hash>.narinfo}, its {@code .ls} listing, and its NAR — whose key must be the {@code URL} of the
 *       migrated narinfo and whose size must equal its {@code FileSize}.
 * </ol>
 *
 * Everything else stays ({@code nix-cache-info}, logs, realisations, objects of store paths not migrated or
 * quarantined). The plan never deletes anything; narinfos of retired store paths stay available from tierpack.
 */
public final class RetirementPlanner {
    private static final int MAX_LISTED = 50;

    private final Catalog catalog;
    private final ReadBack readBack;
    private final boolean reassembleWarm;

    /**
     * @param reassembleWarm reassemble every warm store path now (false: trust a {@code packer verify --full} run
     *                       just before, which read every warm pack)
     */
    public RetirementPlanner(Catalog catalog, ReadBack readBack, boolean reassembleWarm) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.readBack = Objects.requireNonNull(readBack, "readBack");
        this.reassembleWarm = reassembleWarm;
    }

    /** Lists {@code source} and hands each object to retire to {@code retire}, in listing order. */
    public RetirementPlan plan(BinaryCacheSource source, Consumer<SourceObject> retire) {
        Set<String> failed = new HashSet<>();
        List<String> failures = new ArrayList<>();
        long[] paths = {0};
        ReassemblyStats stats = new ReassemblyStats();
        catalog.forEach(entry -> {
            paths[0]++;
            if (!reassembleWarm || entry.placement() != TierCode.WARM) {
                return;
            }
            try {
                readBack.writeNar(entry, OutputStream.nullOutputStream(), stats);
            } catch (IOException | TierpackException e) {
                failed.add(entry.hashPart());
                if (failures.size() < MAX_LISTED) {
                    failures.add(entry.storePath() + ": " + e.getMessage());
                }
            }
        });

        long objects = 0;
        long bytes = 0;
        long retiredObjects = 0;
        long retiredBytes = 0;
        Map<String, Long> byKind = new TreeMap<>();
        Map<String, Long> kept = new TreeMap<>();
        for (Iterator<SourceObject> it = source.list(null); it.hasNext(); ) {
            SourceObject o = it.next();
            objects++;
            bytes += o.size();
            KeyKind kind = KeyKind.of(o.key());
            String verdict = verdict(o, kind, failed);
            if (verdict == null) {
                retire.accept(o);
                retiredObjects++;
                retiredBytes += o.size();
                byKind.merge(kind.name(), 1L, Long::sum);
            } else {
                kept.merge(verdict, 1L, Long::sum);
            }
        }
        return new RetirementPlan(objects, bytes, retiredObjects, retiredBytes, byKind, paths[0],
                paths[0] - failed.size(), kept, failures);
    }

    /** Null to retire, else why the object stays. */
    private String verdict(SourceObject o, KeyKind kind, Set<String> failed) {
        String key = o.key();
        Optional<CatalogEntry> entry = switch (kind) {
            case NARINFO -> catalog.find(key.substring(0, key.length() - ".narinfo".length()));
            case LISTING -> catalog.find(key.substring(0, key.length() - ".ls".length()));
            case NAR -> narEntry(key);
            default -> null;
        };
        if (entry == null) {
            return "not-a-store-path-object";
        }
        if (entry.isEmpty()) {
            return "not-migrated";
        }
        if (failed.contains(entry.get().hashPart())) {
            return "read-back-failed";
        }
        if (kind == KeyKind.NAR) {
            NarInfo info = entry.get().narInfo();
            if (!info.url().equals(key)) {
                return "not-migrated";
            }
            if (info.fileSize().isPresent() && info.fileSize().getAsLong() != o.size()) {
                return "size-mismatch";
            }
        }
        return null;
    }

    /** The catalog entry whose original FileHash names {@code nar/<FileHash>.nar[.ext]}, if any. */
    private Optional<CatalogEntry> narEntry(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        String digest = dot < 0 ? name : name.substring(0, dot);
        NixHash fileHash;
        try {
            fileHash = NixHash.parseUnprefixed(digest, HashAlgorithm.SHA256);
        } catch (TierpackException e) {
            return Optional.empty();
        }
        return catalog.findByFileHash(fileHash);
    }
}
