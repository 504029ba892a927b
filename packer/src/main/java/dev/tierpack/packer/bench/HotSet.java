package dev.tierpack.packer.bench;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.StorePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The store paths a channel-and-fixed-output placement (issue 6; {@code PlacementPolicy} with {@code hotRoots} and
 * {@code fixedOutputsHot}) sends warm, computed for a benchmark cache in memory: the closure, over narinfo
 * {@code References}, of the store paths listed in the root files, plus (optionally) the fixed outputs (narinfo
 * {@code CA: fixed:}, or no references at all). Lets the packing benchmark measure the warm tier's data alone
 * ({@link #warm}) or the rest ({@link #cold}). The campaign computes placement with tiering-core's policy in RocksDB;
 * {@code CampaignStorageBarTest} measures what a real campaign stores.
 */
public final class HotSet {
    private HotSet() {}

    /** Hash parts of the hot store paths of {@code cache}. */
    public static Set<String> of(BenchCache cache, List<Path> rootFiles, boolean fixedOutputsHot) {
        Map<String, NarInfo> byHash = new HashMap<>();
        for (BenchCache.Entry e : cache.entries()) {
            byHash.put(e.info().storePath().hashPart(), e.info());
        }
        Set<String> hot = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (Path f : rootFiles) {
            try {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        todo.add(StorePath.parse(line.strip()).hashPart());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read hot roots file " + f, e);
            }
        }
        while (!todo.isEmpty()) {
            String h = todo.poll();
            NarInfo info = byHash.get(h);
            if (info == null) {
                throw new ConfigException("hot root or reference not in the cache", "hashPart", h, "cache", cache.root());
            }
            if (hot.add(h)) {
                info.references().forEach(r -> todo.add(r.hashPart()));
            }
        }
        if (fixedOutputsHot) {
            byHash.forEach((h, info) -> {
                if (info.references().isEmpty() || info.ca().filter(ca -> ca.startsWith("fixed:")).isPresent()) {
                    hot.add(h);
                }
            });
        }
        return hot;
    }

    /** The hot store paths of {@code cache}, in its order. */
    public static BenchCache warm(BenchCache cache, List<Path> rootFiles, boolean fixedOutputsHot) {
        Set<String> hot = of(cache, rootFiles, fixedOutputsHot);
        return cache.select(e -> hot.contains(e.info().storePath().hashPart()));
    }

    /** The other store paths of {@code cache}, in its order. */
    public static BenchCache cold(BenchCache cache, List<Path> rootFiles, boolean fixedOutputsHot) {
        Set<String> hot = of(cache, rootFiles, fixedOutputsHot);
        return cache.select(e -> !hot.contains(e.info().storePath().hashPart()));
    }
}
