package dev.tierpack.core.placement;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.nix.StorePath;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Access statistics as from CDN logs: CSV lines {@code hash,hits[,time]}, the hash a store path hash part, a store
 * path, or a narinfo key ({@code <hash>.narinfo}); blank lines, {@code #} comments and a header line starting with
 * {@code hash} are skipped. Read line by line.
 */
final class AccessLog {
    /** One line's hit count. */
    interface Hits {
        void add(String hashPart, long hits);
    }

    private AccessLog() {}

    static void read(Path file, Hits each) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#") || (n == 1 && t.toLowerCase(java.util.Locale.ROOT).startsWith("hash"))) {
                    continue;
                }
                String[] f = t.split(",", -1);
                if (f.length < 2 || f.length > 3) {
                    throw new ConfigException("access log line must be hash,hits[,time]", "file", file, "line", n);
                }
                long hits;
                try {
                    hits = Long.parseLong(f[1].strip());
                } catch (NumberFormatException e) {
                    throw new ConfigException("access log hit count is not a number", "file", file, "line", n,
                            "value", f[1]);
                }
                if (hits < 0) {
                    throw new ConfigException("access log hit count is negative", "file", file, "line", n, "value", hits);
                }
                each.add(hashPart(f[0].strip(), file, n), hits);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read the access log", "file", file, "cause", e.toString());
        }
    }

    private static String hashPart(String s, Path file, int line) {
        try {
            String h = s.startsWith("/") ? StorePath.parse(s).hashPart()
                    : s.length() >= StorePath.HASH_PART_LENGTH ? s.substring(0, StorePath.HASH_PART_LENGTH) : s;
            PinMatcher m = PinMatcher.of(h, "accessLog");
            if (!m.byHash()) {
                throw new IllegalArgumentException("not a hash part");
            }
            return h;
        } catch (RuntimeException e) {
            throw new ConfigException("access log hash is not a store path hash part", "file", file, "line", line,
                    "value", s);
        }
    }
}
