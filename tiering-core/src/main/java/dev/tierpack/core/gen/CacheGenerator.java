package dev.tierpack.core.gen;

import dev.tierpack.core.compress.Compressors;
import dev.tierpack.core.nar.NarListing;
import dev.tierpack.core.nar.NarPath;
import dev.tierpack.core.nar.NarWriter;
import dev.tierpack.core.nix.FixedOutputPaths;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.Nix32;
import dev.tierpack.core.nix.NixCacheInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.nix.Signer;
import dev.tierpack.core.nix.StorePath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates a realistic, signed Nix binary cache: several channel bumps of store paths with file trees
 * (binaries, libraries, scripts, Python and JavaScript sources, data, source tarballs as fixed-output paths),
 * version updates that change a few regions of a few files, mass rebuilds that change only embedded
 * store-path references, and a reference graph (every built path references stdenv and some packages).
 *
 * <p>Layout is what {@code nix copy --to file://…?compression=xz&write-nar-listing=true} writes:
 * {@code nix-cache-info}, {@code <hash>.narinfo}, {@code nar/<fileHash>.nar.xz}, {@code <hash>.ls}.
 * Everything derives from the spec's seed and the signing key, so a spec always yields the same cache.
 * Memory holds one store path's NAR at a time.
 */
public final class CacheGenerator {
    private static final int XZ_PRESET = 6;

    private final GeneratorSpec spec;
    private final SecretKey key;
    private final PackageUniverse universe;

    public CacheGenerator(GeneratorSpec spec, SecretKey key) {
        this.spec = spec;
        this.key = key;
        this.universe = new PackageUniverse(spec);
    }

    /** Writes the whole cache to {@code sink}. */
    public GeneratedCache generate(CacheSink sink) throws IOException {
        return generate(sink, 1);
    }

    /**
     * Writes the whole cache to {@code sink}, rendering and compressing up to {@code threads} store paths at once
     * (then {@code sink} must be thread-safe; memory holds at most {@code 2 * threads} NARs). The cache is the same
     * whatever the number of threads: every store path's files derive from the spec alone.
     */
    public GeneratedCache generate(CacheSink sink, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads < 1: " + threads);
        }
        if (threads == 1) {
            try {
                return generate(sink, Runnable::run, () -> { });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(2 * threads);
        List<java.util.concurrent.Future<?>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            return generate(sink, task -> {
                inFlight.acquireUninterruptibly();
                futures.add(pool.submit(() -> {
                    try {
                        task.run();
                    } finally {
                        inFlight.release();
                    }
                }));
            }, () -> {
                for (java.util.concurrent.Future<?> f : List.copyOf(futures)) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while generating the cache", e);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof java.io.UncheckedIOException u) {
                            throw u.getCause();
                        }
                        if (e.getCause() instanceof RuntimeException r) {
                            throw r;
                        }
                        throw new IOException("cannot generate the cache", e.getCause());
                    }
                }
                futures.clear();
            });
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for every store path handed to the executor so far. */
    private interface Barrier {
        void await() throws IOException;
    }

    private GeneratedCache generate(CacheSink sink, java.util.concurrent.Executor emitter, Barrier barrier) throws IOException {
        sink.put("nix-cache-info", NixCacheInfo.of(StorePath.DEFAULT_STORE_DIR).toText().getBytes(StandardCharsets.UTF_8));
        List<PackageUniverse.Package> packages = universe.packages();
        int[] versions = new int[packages.size()];
        SplittableRandom bumpRng = new SplittableRandom(spec.seed() ^ 0x6275_6d70L);
        Set<StorePath> emitted = new HashSet<>();
        List<List<String>> closures = new ArrayList<>();
        Totals totals = new Totals();
        int generation = 0;
        for (int bump = 1; bump <= spec.bumps(); bump++) {
            if (spec.massRebuilds().contains(bump)) {
                generation++;
            }
            if (bump > 1) {
                for (int p = 0; p < versions.length; p++) {
                    if (bumpRng.nextDouble() < spec.updateRate()) {
                        versions[p]++;
                    }
                }
            }
            StorePath stdenv = stdenvPath(generation);
            if (emitted.add(stdenv)) {
                int g = generation;
                emitter.execute(unchecked(() -> emitStdenv(stdenv, g, sink, totals)));
            }
            StorePath[] paths = new StorePath[packages.size()];
            for (PackageUniverse.Package pkg : packages) {
                List<StorePath> deps = pkg.deps().stream().map(d -> paths[d]).toList();
                paths[pkg.index()] = storePath(pkg, versions[pkg.index()], generation, deps, stdenv);
                if (emitted.add(paths[pkg.index()])) {
                    int version = versions[pkg.index()];
                    StorePath self = paths[pkg.index()];
                    emitter.execute(unchecked(() -> emitPackage(pkg, version, self, deps, stdenv, sink, totals)));
                }
            }
            TreeSet<String> closure = new TreeSet<>();
            closure.add(stdenv.toString());
            for (StorePath p : paths) {
                closure.add(p.toString());
            }
            closures.add(List.copyOf(closure));
        }
        barrier.await();
        return new GeneratedCache(emitted.size(), totals.nar.get(), totals.narXz.get(), closures);
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private static Runnable unchecked(IoTask task) {
        return () -> {
            try {
                task.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private static final class Totals {
        final java.util.concurrent.atomic.AtomicLong nar = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong narXz = new java.util.concurrent.atomic.AtomicLong();
    }

    private StorePath stdenvPath(int generation) {
        return new StorePath(hashPart("stdenv", String.valueOf(generation)), "stdenv-linux");
    }

    private StorePath storePath(PackageUniverse.Package pkg, int version, int generation, List<StorePath> deps,
            StorePath stdenv) {
        String v = versionString(pkg, version);
        if (pkg.fixedOutput()) {
            // a fixed-output path depends only on its name and content, exactly as Nix computes it (Nix checks it)
            String name = pkg.name() + "-" + v + ".tar.gz";
            return FixedOutputPaths.flat(StorePath.DEFAULT_STORE_DIR, name,
                    NixHash.hash(HashAlgorithm.SHA256, fixedOutputContent(pkg, version)));
        }
        String name = pkg.name() + "-" + v;
        // a built path depends on everything that went into the build
        return new StorePath(hashPart("path", name + "|" + stdenv + "|" + deps), name);
    }

    /** The single file of a fixed output: it must not depend on its own path (that is computed from it). */
    private static byte[] fixedOutputContent(PackageUniverse.Package pkg, int version) {
        PackageUniverse.FileTemplate t = pkg.files().getFirst();
        if (t.refersToSelf() || t.refersToStdenv()) {
            throw new IllegalStateException("a fixed output cannot refer to store paths: " + pkg.name());
        }
        return FileRenderer.render(t, version, "", "");
    }

    private String versionString(PackageUniverse.Package pkg, int version) {
        SplittableRandom rng = new SplittableRandom(spec.seed() * 7919 + pkg.index());
        int major = 1 + rng.nextInt(5);
        int minor = rng.nextInt(20);
        return major + "." + (minor + version) + "." + rng.nextInt(10);
    }

    private String hashPart(String kind, String inputs) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((kind + "|" + spec.seed() + "|" + inputs).getBytes(StandardCharsets.UTF_8));
            return Nix32.encode(Arrays.copyOf(md.digest(), 20));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void emitStdenv(StorePath stdenv, int generation, CacheSink sink, Totals totals) throws IOException {
        PackageUniverse.FileTemplate sh = new PackageUniverse.FileTemplate("bin/sh", true, ContentSynth.Kind.BINARY,
                60_000, spec.seed() ^ 0x5348, true, false);
        PackageUniverse.FileTemplate setup = new PackageUniverse.FileTemplate("setup", false, ContentSynth.Kind.TEXT,
                30_000, spec.seed() ^ 0x5345, true, false);
        TreeMap<String, Node> tree = new TreeMap<>();
        String self = stdenv.toString();
        addFile(tree, sh.path(), sh.executable(), FileRenderer.render(sh, generation, self, self));
        addFile(tree, setup.path(), setup.executable(), FileRenderer.render(setup, generation, self, self));
        emit(stdenv, tree, null, List.of(stdenv), null, sink, totals);
    }

    private void emitPackage(PackageUniverse.Package pkg, int version, StorePath self, List<StorePath> deps,
            StorePath stdenv, CacheSink sink, Totals totals) throws IOException {
        if (pkg.fixedOutput()) {
            byte[] content = fixedOutputContent(pkg, version);
            NixHash flat = NixHash.hash(HashAlgorithm.SHA256, content);
            emit(self, null, content, List.of(), "fixed:" + flat.toNix32String(), sink, totals);
            return;
        }
        TreeMap<String, Node> tree = new TreeMap<>();
        for (PackageUniverse.FileTemplate t : pkg.files()) {
            addFile(tree, t.path(), t.executable(), FileRenderer.render(t, version, self.toString(), stdenv.toString()));
        }
        for (String link : pkg.symlinks()) {
            String target = link.substring(link.lastIndexOf('/') + 1) + ".1";
            insert(tree, link, new Node.Link(target));
        }
        List<StorePath> refs = new ArrayList<>();
        refs.add(self);
        refs.add(stdenv);
        refs.addAll(deps);
        emit(self, tree, null, refs, null, sink, totals);
    }

    /** Writes NAR (xz), narinfo (signed) and listing for one store path. Exactly one of tree/flatFile is set. */
    private void emit(StorePath path, TreeMap<String, Node> tree, byte[] flatFile, List<StorePath> refs, String ca,
            CacheSink sink, Totals totals) throws IOException {
        ByteArrayOutputStream nar = new ByteArrayOutputStream();
        NarWriter writer = new NarWriter(nar);
        if (flatFile != null) {
            writer.file(NarPath.ROOT, false, flatFile);
        } else {
            writer.directory(NarPath.ROOT);
            writeTree(writer, NarPath.ROOT, tree);
            writer.endDirectory(NarPath.ROOT);
        }
        writer.finish();
        byte[] narBytes = nar.toByteArray();
        MessageDigest fileDigest = HashAlgorithm.SHA256.newDigest();
        ByteArrayOutputStream xz = new ByteArrayOutputStream(narBytes.length / 3 + 64);
        try (OutputStream out = Compressors.xz(new DigestOutputStream(xz, fileDigest), XZ_PRESET)) {
            out.write(narBytes);
        }
        NixHash fileHash = NixHash.of(HashAlgorithm.SHA256, fileDigest);
        String url = "nar/" + fileHash.toNix32() + ".nar.xz";
        NarInfo.Builder info = NarInfo.builder(path, url, NixHash.hash(HashAlgorithm.SHA256, narBytes), narBytes.length)
                .compression("xz")
                .fileHash(fileHash)
                .fileSize(xz.size())
                .references(refs.stream().distinct().sorted().toList())
                .deriver(new StorePath(hashPart("drv", path.toString()), path.name() + ".drv"));
        if (ca != null) {
            info.ca(ca);
        }
        NarInfo signed = Signer.signed(key, info.build());
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        NarListing.write(new ByteArrayInputStream(narBytes), listing);
        sink.put(url, xz.toByteArray());
        sink.put(path.hashPart() + ".ls", listing.toByteArray());
        sink.put(path.hashPart() + ".narinfo", signed.toText().getBytes(StandardCharsets.UTF_8));
        totals.nar.addAndGet(narBytes.length);
        totals.narXz.addAndGet(xz.size());
    }

    private sealed interface Node {
        record File(boolean executable, byte[] content) implements Node {}

        record Link(String target) implements Node {}

        record Dir(TreeMap<String, Node> children) implements Node {}
    }

    private static void addFile(TreeMap<String, Node> tree, String path, boolean executable, byte[] content) {
        insert(tree, path, new Node.File(executable, content));
    }

    private static void insert(TreeMap<String, Node> tree, String path, Node node) {
        String[] parts = path.split("/");
        TreeMap<String, Node> dir = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Node child = dir.computeIfAbsent(parts[i], k -> new Node.Dir(new TreeMap<>()));
            dir = ((Node.Dir) child).children();
        }
        dir.put(parts[parts.length - 1], node);
    }

    private static void writeTree(NarWriter writer, NarPath dir, TreeMap<String, Node> children) throws IOException {
        // names are ASCII, so String order is NAR (byte) order
        for (Map.Entry<String, Node> e : children.entrySet()) {
            NarPath p = dir.resolve(e.getKey());
            switch (e.getValue()) {
                case Node.File f -> writer.file(p, f.executable(), f.content());
                case Node.Link l -> writer.symlink(p, l.target().getBytes(StandardCharsets.US_ASCII));
                case Node.Dir d -> {
                    writer.directory(p);
                    writeTree(writer, p, d.children());
                    writer.endDirectory(p);
                }
            }
        }
    }
}
