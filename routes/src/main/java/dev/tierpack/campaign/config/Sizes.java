package dev.tierpack.campaign.config;

import dev.tierpack.core.error.ConfigException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes in the campaign file: a plain number of bytes ({@code 536870912}) or digits with a binary
 * unit {@code B}, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} ({@code 512MiB}, {@code 16 KiB}).
 * Decimal units ({@code MB}, {@code kB}) are rejected as ambiguous.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})\\s*(B|KiB|MiB|GiB|TiB)?");

    private Sizes() {}

    public static long parse(String text) {
        String s = text == null ? "" : text.strip();
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new ConfigException("expected a size like 512MiB (units B, KiB, MiB, GiB, TiB)", "value", s);
        }
        int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new ConfigException("size too large", "value", s);
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new ConfigException("size too large", "value", s);
        }
    }

    /** {@code 16KiB}: the largest binary unit that represents {@code bytes} exactly. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (u < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            u++;
        }
        return bytes + units[u];
    }

    /** {@code 1.5 GiB}: one decimal in the largest binary unit below the size, for reports ({@code 512 B} below 1 KiB). */
    public static String approximate(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
