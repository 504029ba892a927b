package dev.tierpack.core.testing;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.StorePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The placement the golden corpus should get with one channel bump hot and fixed outputs hot, computed independently
 * of the placement code: the corpus's narinfos by hash part, the closure of the bump by a plain BFS over their
 * references, and the fixed outputs (no references, or {@code CA: fixed:...}).
 */
public record CorpusClosure(Map<String, NarInfo> infos, Set<String> closure, Set<String> fixedOutputs) {

    public CorpusClosure {
        infos = Map.copyOf(infos);
        closure = Set.copyOf(closure);
        fixedOutputs = Set.copyOf(fixedOutputs);
    }

    /** The corpus's narinfos, and the closure of {@link Corpus#channelBump channel bump} {@code bump}. */
    public static CorpusClosure ofBump(int bump) throws IOException {
        Map<String, NarInfo> infos = new HashMap<>();
        for (Path p : Corpus.narinfos()) {
            NarInfo info = NarInfo.parse(Files.readString(p), p.getFileName().toString());
            infos.put(info.storePath().hashPart(), info);
        }
        Set<String> closure = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String line : Files.readAllLines(Corpus.channelBump(bump))) {
            if (!line.isBlank()) {
                todo.add(StorePath.parse(line.strip()).hashPart());
            }
        }
        while (!todo.isEmpty()) {
            String h = todo.poll();
            if (closure.add(h) && infos.containsKey(h)) {
                infos.get(h).references().forEach(r -> todo.add(r.hashPart()));
            }
        }
        Set<String> fixedOutputs = new HashSet<>();
        infos.forEach((h, i) -> {
            if (i.references().isEmpty() || i.ca().filter(ca -> ca.startsWith("fixed:")).isPresent()) {
                fixedOutputs.add(h);
            }
        });
        return new CorpusClosure(infos, closure, fixedOutputs);
    }

    /** The closure plus the fixed outputs: what a policy with the bump and fixed outputs hot keeps warm. */
    public Set<String> hot() {
        Set<String> hot = new HashSet<>(closure);
        hot.addAll(fixedOutputs);
        return Set.copyOf(hot);
    }
}
