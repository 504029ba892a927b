package dev.tierpack.campaign.plan;

import dev.tierpack.core.cost.Holding;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.source.KeyKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * What a source holds, counted one object at a time in bounded memory: objects and bytes by
 * {@link KeyKind} and by storage class, priced holdings per class (with minimum billable sizes), the
 * same objects as they would be billed in the cold class, and a uniform random sample of narinfo keys
 * (reservoir sampling, at most {@code sampleSize} keys held).
 */
final class SourceCensus {
    private final PriceTable prices;
    private final StorageClass defaultClass;
    private final StorageClass coldClass;
    private final Map<KeyKind, long[]> byKind = new EnumMap<>(KeyKind.class);
    private final Map<String, long[]> byClass = new TreeMap<>();
    private final Map<StorageClass, Holding.Tally> holdings = new EnumMap<>(StorageClass.class);
    private final Holding.Tally asCold;
    private final List<String> reservoir = new ArrayList<>();
    private final int sampleSize;
    private final SplittableRandom random;
    private long objects;
    private long bytes;
    private long narinfos;

    SourceCensus(PriceTable prices, StorageClass defaultClass, StorageClass coldClass, int sampleSize, long seed) {
        this.prices = prices;
        this.defaultClass = defaultClass;
        this.coldClass = coldClass;
        this.asCold = new Holding.Tally(coldClass, prices);
        this.sampleSize = sampleSize;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Counts one object.
     *
     * @param storageClass its class as S3 names it, or null for the source's configured class
     */
    void add(String key, long size, String storageClass) {
        KeyKind kind = KeyKind.of(key);
        objects++;
        bytes += size;
        long[] k = byKind.computeIfAbsent(kind, x -> new long[2]);
        k[0]++;
        k[1] += size;
        String cls = storageClass == null ? defaultClass.name() : storageClass;
        long[] c = byClass.computeIfAbsent(cls, x -> new long[2]);
        c[0]++;
        c[1] += size;
        // classes without prices (STANDARD_IA, …) are priced as STANDARD
        StorageClass priced = StorageClass.lookup(cls).orElse(StorageClass.STANDARD);
        holdings.computeIfAbsent(priced, p -> new Holding.Tally(p, prices)).add(size);
        asCold.add(size);
        if (kind == KeyKind.NARINFO) {
            narinfos++;
            if (reservoir.size() < sampleSize) {
                reservoir.add(key);
            } else if (sampleSize > 0) {
                long j = random.nextLong(narinfos);
                if (j < sampleSize) {
                    reservoir.set((int) j, key);
                }
            }
        }
    }

    long objects() {
        return objects;
    }

    long bytes() {
        return bytes;
    }

    long narinfos() {
        return narinfos;
    }

    long objects(KeyKind kind) {
        long[] k = byKind.get(kind);
        return k == null ? 0 : k[0];
    }

    long bytes(KeyKind kind) {
        long[] k = byKind.get(kind);
        return k == null ? 0 : k[1];
    }

    /** Objects and bytes per kind, kinds never seen absent, in {@link KeyKind} order. */
    Map<KeyKind, long[]> byKind() {
        return byKind;
    }

    /** Objects and bytes per storage class name (as listed or configured). */
    Map<String, long[]> byClass() {
        return byClass;
    }

    /** Classes seen that have no prices. */
    List<String> unpricedClasses() {
        return byClass.keySet().stream().filter(c -> StorageClass.lookup(c).isEmpty()).toList();
    }

    /** What the source objects are billed as now, per priced class. */
    List<Holding> holdings() {
        return holdings.values().stream().map(Holding.Tally::holding).toList();
    }

    /** The source objects as they would be billed if each were moved to the cold class as it is. */
    Holding asCold() {
        return asCold.holding();
    }

    StorageClass coldClass() {
        return coldClass;
    }

    /** The sampled narinfo keys, sorted (the order does not depend on the listing's). */
    List<String> sample() {
        return reservoir.stream().sorted().toList();
    }
}
