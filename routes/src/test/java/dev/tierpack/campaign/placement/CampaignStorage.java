package dev.tierpack.campaign.placement;

import dev.tierpack.campaign.CampaignTestbed;
import dev.tierpack.campaign.runtime.CampaignControl;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.placement.PlacementPolicy;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.packer.format.TierCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a whole campaign stores: a real {@code campaign run} (Kafka, both tiers on the embedded S3 server, the default
 * packing, batching and pack size) over a binary cache with a placement policy, then every object of the warm and
 * the cold bucket listed and summed by key prefix (data packs, index objects, manifest packs, anything else), against
 * the source's {@code .nar.xz} (and narinfo) bytes. Used by {@link CampaignStorageBarTest} (the corpus) and
 * {@link CampaignStorageBenchmark} (generated caches).
 */
final class CampaignStorage {
    private CampaignStorage() {}

    /**
     * Bytes and objects on the tiers after a campaign.
     *
     * @param warm bytes per key prefix (first path segment) on the warm tier
     * @param cold bytes per key prefix on the cold tier
     * @param warmObjects objects on the warm tier
     * @param coldObjects objects on the cold tier
     * @param sourceNarXz the source's {@code .nar.xz} bytes (every NAR file of the cache)
     * @param sourceNarinfo the source's narinfo bytes
     * @param hotNarXz the source {@code .nar.xz} bytes of the store paths placed warm (a NAR file shared by a warm
     *                 and a cold path counts here)
     * @param storePaths store paths the campaign published
     * @param seconds wall time of the campaign run
     */
    record Measurement(Map<String, Long> warm, Map<String, Long> cold, long warmObjects, long coldObjects,
            long sourceNarXz, long sourceNarinfo, long hotNarXz, long storePaths, double seconds) {
        /** Source {@code .nar.xz} bytes of the store paths placed cold only. */
        long coldNarXz() {
            return sourceNarXz - hotNarXz;
        }

        long warmBytes() {
            return warm.values().stream().mapToLong(Long::longValue).sum();
        }

        long coldBytes() {
            return cold.values().stream().mapToLong(Long::longValue).sum();
        }

        long totalBytes() {
            return warmBytes() + coldBytes();
        }

        /** Everything both tiers hold / the source's {@code .nar.xz} bytes: the bar is at most 0.75. */
        double ratio() {
            return (double) totalBytes() / sourceNarXz;
        }

        /** The same against {@code .nar.xz} plus narinfo bytes (what the source bucket holds for these paths). */
        double ratioWithNarinfo() {
            return (double) totalBytes() / (sourceNarXz + sourceNarinfo);
        }

        String describe(String what) {
            return String.format(Locale.ROOT,
                    "%s: %d store paths; source .nar.xz %,d B (hot paths %,d B = %.1f%%) + narinfo %,d B; warm %d objects"
                            + " %,d B %s; cold %d objects %,d B %s (%.1f%% of the cold paths' .nar.xz); total %,d B ="
                            + " %.2f%% of .nar.xz (%.2f%% of .nar.xz + narinfo); warm share of stored bytes %.1f%%; run %.1f s",
                    what, storePaths, sourceNarXz, hotNarXz, 100.0 * hotNarXz / sourceNarXz, sourceNarinfo, warmObjects,
                    warmBytes(), warm, coldObjects, coldBytes(), cold, 100.0 * coldBytes() / coldNarXz(), totalBytes(),
                    100 * ratio(), 100 * ratioWithNarinfo(), 100.0 * warmBytes() / totalBytes(), seconds);
        }
    }

    /**
     * Migrates {@code cache} (a directory; it is read, not modified) as campaign {@code name} with {@code policy} on
     * the testbed's services, into fresh buckets {@code <name>-warm} and {@code <name>-cold}, and measures the tiers.
     */
    static Measurement migrate(CampaignTestbed bed, Path cache, String name, PlacementPolicy policy, Path stateDir)
            throws Exception {
        RuntimeSettings s = bed.settings(name, cache, stateDir)
                .withPartitions(2)
                .withPlacement(policy);
        long t0 = System.nanoTime();
        CampaignRuntime.Result result = CampaignTestbed.runToEnd(s, Duration.ofMinutes(10));
        if (result.ending().state() != CampaignControl.State.COMPLETE) {
            throw new IllegalStateException("campaign " + name + " ended " + result.ending());
        }
        long published = result.report().storePaths();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> warm = new TreeMap<>();
        Map<String, Long> cold = new TreeMap<>();
        long warmObjects;
        long coldObjects;
        try (Tier w = bed.warm(name); Tier c = bed.cold(name)) {
            warmObjects = sum(w, warm);
            coldObjects = sum(c, cold);
        }
        return new Measurement(warm, cold, warmObjects, coldObjects, bytes(cache, ".nar.xz"), bytes(cache, ".narinfo"),
                hotNarXz(cache, s.stateDir().resolve("catalog")), published, seconds);
    }

    /** The {@code .nar.xz} bytes of the NAR files that store paths placed warm (per the catalog) point to. */
    private static long hotNarXz(Path cache, Path catalogDir) throws IOException {
        Map<String, Boolean> hotByUrl = new TreeMap<>();
        try (Catalog catalog = Catalog.open(catalogDir)) {
            catalog.forEach(e -> {
                NarInfo info = NarInfo.parse(e.narInfoText(), e.hashPart() + ".narinfo");
                hotByUrl.merge(info.url(), e.placement() == TierCode.WARM, Boolean::logicalOr);
            });
        }
        long hot = 0;
        for (Map.Entry<String, Boolean> u : hotByUrl.entrySet()) {
            if (u.getValue()) {
                hot += Files.size(cache.resolve(u.getKey()));
            }
        }
        return hot;
    }

    private static long sum(Tier tier, Map<String, Long> byPrefix) {
        long objects = 0;
        for (Iterator<TierObject> it = tier.list("", null); it.hasNext(); ) {
            TierObject o = it.next();
            int slash = o.key().indexOf('/');
            byPrefix.merge(slash < 0 ? o.key() : o.key().substring(0, slash + 1), o.size(), Long::sum);
            objects++;
        }
        return objects;
    }

    /** Bytes of the files under {@code cache} whose name ends with {@code suffix}. */
    static long bytes(Path cache, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
