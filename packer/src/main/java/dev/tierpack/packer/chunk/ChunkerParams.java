package dev.tierpack.packer.chunk;

import dev.tierpack.core.error.ConfigException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Size parameters of {@link FastCdc}; validated on construction, so an instance is always usable.
 *
 * <ul>
 *   <li>{@code avgSize}: the "normal" size of normalized chunking, a power of two in
 *       [{@value #MIN_AVG_SIZE} B, {@value #MAX_AVG_SIZE} B]. Cut-point masks have
 *       {@code log2(avgSize) ± normalizationLevel} bits. With min = avg/4 and max = 4 × avg, the
 *       mean chunk on random data is 1.15 × avgSize at level 2 (1.26, 1.23, 1.08 at levels 0, 1,
 *       3; see {@code ChunkSizeDistributionTest}): larger than avgSize because no cut happens
 *       below minSize.</li>
 *   <li>{@code minSize}: no chunk except a file's last is shorter; cut points below it are not
 *       even examined (cut-point skipping). In [{@value #MIN_MIN_SIZE} B, avgSize).</li>
 *   <li>{@code maxSize}: hard cut; no chunk is longer. In (avgSize, {@value #MAX_MAX_SIZE} B].</li>
 *   <li>{@code normalizationLevel}: 0..{@value #MAX_NORMALIZATION_LEVEL}, the "NC-n" of the
 *       FastCDC paper; 0 is plain FastCDC, higher levels concentrate sizes around avgSize.</li>
 * </ul>
 *
 * <p>The parameters, like the {@link GearTable}, decide where chunks end: a cache must keep the
 * same parameters for as long as it wants new data to deduplicate against old data.
 *
 * <p>Text form ({@link #parse(String)}, {@link #toString()}): either a single size such as
 * {@code 16KiB}, meaning {@link #of(int) of(16 KiB)}, or comma-separated {@code key=size} pairs
 * {@code min=4KiB,avg=16KiB,max=64KiB,level=2}, in which only {@code avg} is required and the
 * others default as in {@link #of(int)}. Sizes are a decimal number with an optional binary unit
 * {@code B}, {@code KiB}, {@code MiB} or {@code GiB}; decimal units (kB, MB) are rejected as
 * ambiguous.
 */
public record ChunkerParams(int minSize, int avgSize, int maxSize, int normalizationLevel) {
    public static final int MIN_MIN_SIZE = 64;
    public static final int MIN_AVG_SIZE = 256;
    public static final int MAX_AVG_SIZE = 16 << 20;
    public static final int MAX_MAX_SIZE = 64 << 20;
    public static final int MAX_NORMALIZATION_LEVEL = 3;
    /** Normalization level used by {@link #of(int)}: NC-2, the level the FastCDC paper recommends. */
    public static final int DEFAULT_NORMALIZATION_LEVEL = 2;
    /**
     * tierpack's chunking: {@code of(32 KiB)}, i.e. min 8 KiB, avg 32 KiB, max 128 KiB, NC-2. Chosen by benchmark
     * (docs/BENCHMARKS.md, "Chunk size"): with the cold tier's long-window segments, 32 KiB chunks store as little
     * as any smaller size on the real-Nix corpus (what chunking misses, zstd's long-distance matching finds) with
     * half the index entries and manifest references of 16 KiB.
     */
    public static final ChunkerParams DEFAULT = of(32 << 10);

    public ChunkerParams {
        if (avgSize < MIN_AVG_SIZE || avgSize > MAX_AVG_SIZE || Integer.bitCount(avgSize) != 1) {
            throw invalid("avgSize must be a power of two in [256B, 16MiB]", "avgSize", avgSize);
        }
        if (minSize < MIN_MIN_SIZE || minSize >= avgSize) {
            throw invalid("minSize must be in [64B, avgSize)", "minSize", minSize, "avgSize", avgSize);
        }
        if (maxSize <= avgSize || maxSize > MAX_MAX_SIZE) {
            throw invalid("maxSize must be in (avgSize, 64MiB]", "maxSize", maxSize, "avgSize", avgSize);
        }
        if (normalizationLevel < 0 || normalizationLevel > MAX_NORMALIZATION_LEVEL) {
            throw invalid("normalizationLevel must be in [0, 3]", "normalizationLevel", normalizationLevel);
        }
    }

    /**
     * Parameters around {@code avgSize}: {@code minSize = avgSize/4}, {@code maxSize = avgSize*4},
     * normalization level {@value #DEFAULT_NORMALIZATION_LEVEL}. These ratios follow the FastCDC
     * paper's evaluation; tierpack's default is {@link #DEFAULT}.
     */
    public static ChunkerParams of(int avgSize) {
        if (avgSize < MIN_AVG_SIZE || avgSize > MAX_AVG_SIZE || Integer.bitCount(avgSize) != 1) {
            throw invalid("avgSize must be a power of two in [256B, 16MiB]", "avgSize", avgSize);
        }
        return new ChunkerParams(avgSize / 4, avgSize, avgSize * 4, DEFAULT_NORMALIZATION_LEVEL);
    }

    /** log2(avgSize). */
    public int avgBits() {
        return Integer.numberOfTrailingZeros(avgSize);
    }

    /** Parses the text form described in the class comment. */
    public static ChunkerParams parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException("empty chunker params", "value", String.valueOf(text));
        }
        String s = text.strip();
        if (!s.contains("=")) {
            return of(parseSizeField(s, "avg", text));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : s.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            if (eq < 0 || !(key.equals("min") || key.equals("avg") || key.equals("max") || key.equals("level"))) {
                throw new ConfigException("invalid chunker params: expected min=, avg=, max=, level=",
                        "value", text, "field", part.strip());
            }
            if (fields.put(key, part.substring(eq + 1).strip()) != null) {
                throw new ConfigException("invalid chunker params: duplicate field", "value", text, "field", key);
            }
        }
        if (!fields.containsKey("avg")) {
            throw new ConfigException("invalid chunker params: avg is required", "value", text);
        }
        ChunkerParams d = of(parseSizeField(fields.get("avg"), "avg", text));
        int min = fields.containsKey("min") ? parseSizeField(fields.get("min"), "min", text) : d.minSize;
        int max = fields.containsKey("max") ? parseSizeField(fields.get("max"), "max", text) : d.maxSize;
        int level = d.normalizationLevel;
        if (fields.containsKey("level")) {
            String l = fields.get("level");
            if (!l.matches("[0-9]")) {
                throw new ConfigException("invalid chunker params: level must be a digit", "value", text, "level", l);
            }
            level = Integer.parseInt(l);
        }
        try {
            return new ChunkerParams(min, d.avgSize, max, level);
        } catch (ConfigException e) {
            throw (ConfigException) e.with("value", text);
        }
    }

    private static int parseSizeField(String size, String field, String whole) {
        try {
            return parseSize(size);
        } catch (ConfigException e) {
            throw (ConfigException) e.with("field", field).with("params", whole);
        }
    }

    /**
     * Parses a byte size: decimal digits with an optional unit {@code B}, {@code KiB},
     * {@code MiB}, {@code GiB} (exact case, optional space before the unit). The result must fit
     * in an int.
     */
    public static int parseSize(String text) {
        String s = text == null ? "" : text.strip();
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i > 10) {
            throw new ConfigException("invalid size: expected digits and a unit like 16KiB", "value", s);
        }
        long shift = switch (s.substring(i).strip()) {
            case "", "B" -> 0;
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> throw new ConfigException("invalid size unit: expected B, KiB, MiB or GiB",
                    "value", s, "unit", s.substring(i).strip());
        };
        long value = Long.parseLong(s.substring(0, i)) << shift;
        if (value > Integer.MAX_VALUE) {
            throw new ConfigException("size too large", "value", s);
        }
        return (int) value;
    }

    /** Formats a size with the largest binary unit that represents it exactly, e.g. {@code 16KiB}. */
    public static String formatSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int u = 0;
        while (u < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            u++;
        }
        return bytes + units[u];
    }

    /** The canonical text form, e.g. {@code min=4KiB,avg=16KiB,max=64KiB,level=2}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "min=%s,avg=%s,max=%s,level=%d",
                formatSize(minSize), formatSize(avgSize), formatSize(maxSize), normalizationLevel);
    }

    private static ConfigException invalid(String what, Object... kv) {
        return new ConfigException("invalid chunker params: " + what, kv);
    }
}
