package dev.tierpack.campaign.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only crash injection: with {@code -Dtierpack.crashAt=<point>:<n>[,<point>:<n>…]} the process halts
 * ({@link Runtime#halt}, no shutdown hooks, nothing flushed or closed: as close to {@code kill -9} as Java gets)
 * the {@code n}-th time it reaches {@code point}. Without the property every call is a map lookup and nothing else.
 *
 * <p>Points: {@code lister-before-commit}, {@code lister-after-commit}, {@code worker-mid-batch} (after each store
 * path ingested), {@code after-pack-upload} (pack object complete, no index object yet), {@code after-index-object}
 * (index object written, chunk index not yet published; data and manifest packs alike), {@code after-chunk-index}
 * (batch's data packs flushed and published, manifests not yet), {@code before-manifest-pack} (manifests added, the
 * manifest pack not sealed), {@code after-catalog} (catalog entries written, Kafka transaction not begun), {@code worker-before-commit} (progress and offsets sent, transaction not committed),
 * {@code worker-after-commit}.
 */
public final class CrashPoints {
    public static final String PROPERTY = "tierpack.crashAt";
    /** Exit status of a halt at a crash point. */
    public static final int HALT_STATUS = 86;

    private static final Map<String, Integer> TARGETS = parse(System.getProperty(PROPERTY));
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private CrashPoints() {}

    /** Whether any crash point is armed. */
    public static boolean armed() {
        return !TARGETS.isEmpty();
    }

    /** Counts a visit of {@code point}; halts the JVM if this is the armed visit. */
    public static void reach(String point) {
        Integer target = TARGETS.get(point);
        if (target == null) {
            return;
        }
        int n = COUNTS.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
        if (n == target) {
            System.err.println("tierpack: crash point reached, halting: point=" + point + " visit=" + n);
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }

    static Map<String, Integer> parse(String spec) {
        Map<String, Integer> out = new HashMap<>();
        if (spec == null || spec.isBlank()) {
            return Map.of();
        }
        for (String part : spec.split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(PROPERTY + " entries are point:n, got: " + part);
            }
            int n = Integer.parseInt(part.substring(colon + 1).strip());
            if (n < 1) {
                throw new IllegalArgumentException(PROPERTY + " visit number must be >= 1: " + part);
            }
            out.put(part.substring(0, colon).strip(), n);
        }
        return Map.copyOf(out);
    }
}
