package dev.tierpack.manifests.read;

import dev.tierpack.core.nar.NarListing;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Reading migrated store paths back: look a store path up in the catalog, load its manifest, stream its NAR or its
 * {@code .ls} listing. This is what {@code tierpack nar} and {@code tierpack serve} use. Thread-safe.
 */
public final class ReadBack {
    /** Manifest prefetches running at once, at most. */
    public static final int MAX_PREFETCHES = 8;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadBack.class);

    private final Catalog catalog;
    private final java.util.concurrent.Semaphore prefetches = new java.util.concurrent.Semaphore(MAX_PREFETCHES);
    private final ManifestLoader manifests;
    private final NarReassembler reassembler;
    private final boolean coldReadable;

    public ReadBack(Catalog catalog, ChunkIndex index, ChunkTiers tiers, ReassemblyConfig config) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.manifests = new ManifestLoader(index, tiers);
        this.reassembler = new NarReassembler(index, tiers, config);
        this.coldReadable = tiers.cold() != null;
    }

    /**
     * The catalog entry of a store path given as a full path ({@code /nix/store/<hash>-<name>}), a base name
     * ({@code <hash>-<name>}) or a hash part; empty if it is not catalogued or not of one of these forms.
     */
    public Optional<CatalogEntry> lookup(String storePathOrHash) {
        Objects.requireNonNull(storePathOrHash, "storePathOrHash");
        String s = storePathOrHash.strip();
        int slash = s.lastIndexOf('/');
        String base = slash >= 0 ? s.substring(slash + 1) : s;
        String hash = base.length() >= StorePath.HASH_PART_LENGTH ? base.substring(0, StorePath.HASH_PART_LENGTH) : base;
        if (base.length() > StorePath.HASH_PART_LENGTH && base.charAt(StorePath.HASH_PART_LENGTH) != '-') {
            return Optional.empty();
        }
        Optional<CatalogEntry> e = catalog.find(hash);
        if (e.isPresent() && !base.equals(hash)) {
            StorePath p = e.get().storePath();
            boolean matches = slash >= 0 ? p.toString().equals(s) : p.baseName().equals(base);
            if (!matches) {
                return Optional.empty();
            }
        }
        return e;
    }

    /** The entry whose source narinfo had FileHash {@code fileHash} (legacy URLs). */
    public Optional<CatalogEntry> lookupFileHash(NixHash fileHash) {
        return catalog.findByFileHash(fileHash);
    }

    /** The manifest of a catalogued store path (from the manifest cache when it is there). */
    public Manifest manifest(CatalogEntry entry) throws IOException {
        return manifests.load(entry.manifest(), entry.hashPart());
    }

    /**
     * Loads a warm store path's manifest into the cache in the background (a client that asked for the narinfo asks
     * for the NAR next), unless {@value #MAX_PREFETCHES} prefetches are already running. Failures are left for the
     * NAR request to report.
     */
    public void prefetch(CatalogEntry entry) {
        if (entry.placement() != TierCode.WARM || !prefetches.tryAcquire()) {
            return;
        }
        Thread.ofVirtual().name("manifest-prefetch " + entry.hashPart()).start(() -> {
            try {
                manifests.load(entry.manifest(), entry.hashPart());
            } catch (IOException | RuntimeException e) {
                LOG.debug("manifest prefetch failed: storePath={} reason={}", entry.hashPart(), e.toString());
            } finally {
                prefetches.release();
            }
        });
    }

    /**
     * Streams the NAR of a catalogued store path to {@code out} (flushed, not closed).
     *
     * @throws RestoreRequiredException the store path is placed cold and no cold tier is readable here
     */
    public void writeNar(CatalogEntry entry, OutputStream out, ReassemblyStats stats) throws IOException {
        if (!coldReadable) {
            requireWarm(entry);
        }
        reassembler.write(manifest(entry), out, stats);
    }

    /** Streams the NAR of a loaded manifest. */
    public void writeNar(Manifest manifest, OutputStream out, ReassemblyStats stats) throws IOException {
        reassembler.write(manifest, out, stats);
    }

    /** Writes Nix's {@code .ls} JSON listing of the store path, from its manifest alone (no chunk is read). */
    public void writeListing(Manifest manifest, OutputStream out) throws IOException {
        NarListing.write(manifest.layout().entries(), out);
    }

    /** Throws a {@link RestoreRequiredException} naming the store path if it is placed cold. */
    public static void requireWarm(CatalogEntry entry) {
        if (entry.placement() != TierCode.WARM) {
            throw new RestoreRequiredException("store path is placed on the cold tier; restore required",
                    "storePath", entry.hashPart(), "placement", entry.placement());
        }
    }
}
