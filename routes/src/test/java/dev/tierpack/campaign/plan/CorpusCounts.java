package dev.tierpack.campaign.plan;

import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The corpus counted independently of the planner: every file under nix-cache/, classified by key. */
record CorpusCounts(Map<String, Long> objectsByKind, Map<String, Long> bytesByKind, long objects, long bytes,
        List<Path> files) {

    static CorpusCounts of(Path root) {
        Map<KeyKind, long[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            long objects = 0;
            long bytes = 0;
            for (Path f : files) {
                String key = root.relativize(f).toString().replace('\\', '/');
                long size = Files.size(f);
                long[] v = m.computeIfAbsent(KeyKind.of(key), k -> new long[2]);
                v[0]++;
                v[1] += size;
                objects++;
                bytes += size;
            }
            Map<String, Long> o = new LinkedHashMap<>();
            Map<String, Long> b = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                o.put(k.name(), v[0]);
                b.put(k.name(), v[1]);
            });
            return new CorpusCounts(o, b, objects, bytes, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CorpusCounts corpus() {
        return of(Corpus.cache());
    }

    long bytes(KeyKind kind) {
        return bytesByKind.getOrDefault(kind.name(), 0L);
    }

    long objects(KeyKind kind) {
        return objectsByKind.getOrDefault(kind.name(), 0L);
    }

    /** Path, size and modification time of every file under {@code root} (to prove nothing changed). */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.put(root.relativize(p).toString(), a.size() + "@" + a.lastModifiedTime().toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
