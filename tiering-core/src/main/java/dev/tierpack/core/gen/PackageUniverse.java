package dev.tierpack.core.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The packages of a generated cache: names, kinds, file trees and a dependency DAG (a package depends only on
 * packages with a lower index, and every built package on stdenv). Derived from the spec's seed alone.
 */
final class PackageUniverse {
    enum Kind { C_PROGRAM, PYTHON_LIB, NODE_TOOL, DATA, SOURCE_TARBALL }

    /** A file of a package; its content is rendered per version (see {@link FileTemplate#edits}). */
    record FileTemplate(String path, boolean executable, ContentSynth.Kind content, int size, long seed,
            boolean refersToSelf, boolean refersToStdenv) {}

    record Package(int index, String name, Kind kind, List<FileTemplate> files, List<Integer> deps,
            List<String> symlinks) {
        boolean fixedOutput() {
            return kind == Kind.SOURCE_TARBALL;
        }
    }

    private static final String[] SYLLABLES = {"lib", "py", "zlib", "curl", "ssl", "gtk", "qt", "xml", "json",
        "yaml", "http", "png", "jpeg", "ffi", "gmp", "mpfr", "pcre", "sqlite", "glib", "dbus", "nss", "krb",
        "idn", "uv", "event", "archive", "lzma", "zstd", "bz", "readline", "ncurses", "expat", "tiff", "webp"};

    private final List<Package> packages;

    PackageUniverse(GeneratorSpec spec) {
        SplittableRandom rng = new SplittableRandom(spec.seed());
        List<Package> list = new ArrayList<>(spec.packages());
        for (int i = 0; i < spec.packages(); i++) {
            list.add(makePackage(i, rng.split(), spec.sizeScale(), list));
        }
        this.packages = List.copyOf(list);
    }

    List<Package> packages() {
        return packages;
    }

    private static Package makePackage(int index, SplittableRandom rng, double scale, List<Package> before) {
        Kind kind = switch (rng.nextInt(10)) {
            case 0, 1, 2, 3 -> Kind.C_PROGRAM;
            case 4, 5 -> Kind.PYTHON_LIB;
            case 6 -> Kind.NODE_TOOL;
            case 7 -> Kind.DATA;
            default -> Kind.SOURCE_TARBALL;
        };
        String stem = SYLLABLES[rng.nextInt(SYLLABLES.length)] + SYLLABLES[rng.nextInt(SYLLABLES.length)] + index;
        String name = switch (kind) {
            case PYTHON_LIB -> "python3-" + stem;
            case NODE_TOOL -> "node-" + stem;
            case DATA -> stem + "-data";
            default -> stem;
        };
        List<FileTemplate> files = new ArrayList<>();
        List<String> symlinks = new ArrayList<>();
        switch (kind) {
            case C_PROGRAM -> {
                files.add(file(rng, "bin/" + stem, true, ContentSynth.Kind.BINARY, 20_000, 400_000, scale, true, true));
                int libs = 1 + rng.nextInt(3);
                for (int l = 0; l < libs; l++) {
                    String lib = "lib/lib" + stem + (l == 0 ? "" : "-" + l) + ".so.1";
                    files.add(file(rng, lib, true, ContentSynth.Kind.BINARY, 30_000, 900_000, scale, true, true));
                }
                symlinks.add("lib/lib" + stem + ".so");
                int headers = 2 + rng.nextInt(8);
                for (int h = 0; h < headers; h++) {
                    files.add(file(rng, "include/" + stem + "/h" + h + ".h", false, ContentSynth.Kind.TEXT, 500, 20_000, scale, false, false));
                }
                files.add(file(rng, "share/man/man1/" + stem + ".1", false, ContentSynth.Kind.TEXT, 2_000, 30_000, scale, false, false));
            }
            case PYTHON_LIB -> {
                int modules = 5 + rng.nextInt(30);
                for (int m = 0; m < modules; m++) {
                    files.add(file(rng, "lib/python3.12/site-packages/" + stem + "/m" + m + ".py", false, ContentSynth.Kind.TEXT, 300, 40_000, scale, false, m == 0));
                }
                files.add(file(rng, "bin/" + stem, true, ContentSynth.Kind.TEXT, 200, 800, scale, true, true));
            }
            case NODE_TOOL -> {
                files.add(file(rng, "lib/node_modules/" + stem + "/index.js", false, ContentSynth.Kind.TEXT, 50_000, 1_500_000, scale, false, false));
                int extra = 2 + rng.nextInt(10);
                for (int m = 0; m < extra; m++) {
                    files.add(file(rng, "lib/node_modules/" + stem + "/lib/f" + m + ".js", false, ContentSynth.Kind.TEXT, 500, 60_000, scale, false, false));
                }
                files.add(file(rng, "bin/" + stem, true, ContentSynth.Kind.TEXT, 100, 400, scale, true, true));
            }
            case DATA -> {
                int n = 3 + rng.nextInt(20);
                for (int m = 0; m < n; m++) {
                    files.add(file(rng, "share/" + stem + "/d" + m + ".txt", false, ContentSynth.Kind.TEXT, 1_000, 200_000, scale, false, false));
                }
            }
            case SOURCE_TARBALL -> files.add(file(rng, "", false, ContentSynth.Kind.ARCHIVE, 20_000, 1_500_000, scale, false, false));
        }
        List<Integer> deps = new ArrayList<>();
        if (kind != Kind.SOURCE_TARBALL && !before.isEmpty()) {
            int n = rng.nextInt(Math.min(4, before.size()) + 1);
            for (int d = 0; d < n; d++) {
                int dep = rng.nextInt(before.size());
                if (!before.get(dep).fixedOutput() && !deps.contains(dep)) {
                    deps.add(dep);
                }
            }
            deps.sort(null);
        }
        return new Package(index, name, kind, List.copyOf(files), List.copyOf(deps), List.copyOf(symlinks));
    }

    /** Log-uniform size between lo and hi (most files small, a few large), scaled. */
    private static FileTemplate file(SplittableRandom rng, String path, boolean exec, ContentSynth.Kind kind,
            int lo, int hi, double scale, boolean self, boolean stdenv) {
        double logSize = Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo));
        int size = (int) Math.max(1, Math.min(64L << 20, Math.round(Math.exp(logSize) * scale)));
        return new FileTemplate(path, exec, kind, size, rng.nextLong(), self, stdenv);
    }
}
