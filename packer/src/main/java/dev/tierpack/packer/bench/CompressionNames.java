package dev.tierpack.packer.bench;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.Codec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short names of segment compressions for benchmark tables and command lines, e.g. {@code zstd-3-long27}. */
public final class CompressionNames {
    private static final Pattern ZSTD = Pattern.compile("zstd-(-?[0-9]{1,3})(?:-(long|w)([0-9]{1,2}))?");

    private CompressionNames() {}

    /** {@code none}, {@code zstd-L}, {@code zstd-L-wW} (window log W) or {@code zstd-L-longW} (long mode, window W). */
    public static String describe(SegmentCompression c) {
        if (c.codec() == Codec.NONE) {
            return "none";
        }
        String s = "zstd-" + c.level();
        if (c.longDistanceMatching()) {
            return s + "-long" + c.windowLog();
        }
        return c.windowLog() == 0 ? s : s + "-w" + c.windowLog();
    }

    /** Parses {@link #describe}'s form (a negative level reads {@code zstd--5}). */
    public static SegmentCompression parse(String text) {
        String t = text.strip();
        if (t.equals("none")) {
            return SegmentCompression.none();
        }
        Matcher m = ZSTD.matcher(t);
        if (!m.matches()) {
            throw new ConfigException("invalid compression: expected none, zstd-L, zstd-L-wW or zstd-L-longW", "value", text);
        }
        try {
            int level = Integer.parseInt(m.group(1));
            if (m.group(2) == null) {
                return SegmentCompression.zstd(level);
            }
            int window = Integer.parseInt(m.group(3));
            return m.group(2).equals("long") ? SegmentCompression.zstdLong(level, window)
                    : new SegmentCompression(Codec.ZSTD, level, window, false);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid compression", e, "value", text, "reason", e.getMessage());
        }
    }
}
