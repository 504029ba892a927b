package dev.tierpack.core.placement;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.nix.StorePath;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Channel bump files: which of them are hot, and their store paths, read line by line. A file's channel is its
 * directory plus its name without the trailing bump number and extension ({@code channels/bump6.txt}: channel
 * {@code channels/bump}, bump 6); files without a number sort by name.
 */
final class ChannelRoots {
    private static final Pattern BUMP = Pattern.compile("^(.*?)(\\d+)(\\.[^.]*)?$");

    private ChannelRoots() {}

    /** The files of {@code roots} that are hot: the newest {@code newest} of each channel, or all of them. */
    static List<Path> hot(List<Path> roots, OptionalInt newest) {
        Map<String, List<Path>> channels = new LinkedHashMap<>();
        for (Path p : roots) {
            channels.computeIfAbsent(channel(p), k -> new ArrayList<>()).add(p);
        }
        List<Path> out = new ArrayList<>();
        for (List<Path> bumps : channels.values()) {
            bumps.sort(Comparator.comparingLong(ChannelRoots::bump).thenComparing(p -> p.getFileName().toString()));
            int n = newest.isPresent() ? Math.min(newest.getAsInt(), bumps.size()) : bumps.size();
            out.addAll(bumps.subList(bumps.size() - n, bumps.size()));
        }
        return out;
    }

    static String channel(Path p) {
        String name = p.getFileName().toString();
        Matcher m = BUMP.matcher(name);
        String base = m.matches() ? m.group(1) : name;
        return String.valueOf(p.toAbsolutePath().getParent()) + "/" + base;
    }

    static long bump(Path p) {
        Matcher m = BUMP.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Calls {@code each} with the hash part of every store path listed in {@code file} (blank lines and # skipped). */
    static void read(Path file, Consumer<String> each) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                try {
                    each.accept(StorePath.parse(t).hashPart());
                } catch (RuntimeException e) {
                    throw new ConfigException("not a store path in a channel roots file: " + e.getMessage(),
                            "file", file, "line", n, "value", t);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read a channel roots file", "file", file, "cause", e.toString());
        }
    }
}
