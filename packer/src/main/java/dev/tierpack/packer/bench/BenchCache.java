package dev.tierpack.packer.bench;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.nix.NarInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A binary cache directory (as {@code nix copy --to file://DIR} writes it) read for an experiment: every
 * {@code *.narinfo} of the top directory parsed, with its NAR file, in an {@link IngestOrder}. Holds the narinfos
 * only (a few hundred bytes each), never NAR contents.
 *
 * @param root the cache directory
 * @param order the order of {@link #entries()}
 * @param entries the store paths in ingest order
 */
public record BenchCache(Path root, IngestOrder order, List<Entry> entries) {
    /**
     * One store path.
     *
     * @param info its narinfo
     * @param narFile the file its {@code URL} names
     * @param fileBytes size of {@code narFile} (the {@code .nar.xz} bytes the source stores)
     * @param narinfoBytes size of the narinfo text
     */
    public record Entry(NarInfo info, Path narFile, long fileBytes, long narinfoBytes) {
        public Entry {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(narFile, "narFile");
            if (fileBytes < 0 || narinfoBytes < 0) {
                throw new IllegalArgumentException("negative size: " + fileBytes + "/" + narinfoBytes);
            }
        }
    }

    public BenchCache {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(order, "order");
        entries = List.copyOf(entries);
    }

    /**
     * Reads the narinfos of {@code root} and orders them.
     *
     * @throws SourceException the directory or a NAR file cannot be read, or a URL leaves the directory
     * @throws FormatException a narinfo is malformed (names the object)
     */
    public static BenchCache open(Path root, IngestOrder order) {
        Path dir = root.toAbsolutePath().normalize();
        List<Path> narinfos;
        try (Stream<Path> s = Files.list(dir)) {
            narinfos = s.filter(p -> p.getFileName().toString().endsWith(".narinfo")).sorted().toList();
        } catch (IOException e) {
            throw new SourceException("cannot list cache directory", e, "source", dir);
        }
        List<Entry> entries = new ArrayList<>(narinfos.size());
        for (Path p : narinfos) {
            String key = p.getFileName().toString();
            try {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                NarInfo info = NarInfo.parse(text, key);
                Path nar = dir.resolve(info.url()).normalize();
                if (!nar.startsWith(dir)) {
                    throw new SourceException("narinfo URL leaves the cache directory", "object", key, "url", info.url());
                }
                entries.add(new Entry(info, nar, Files.size(nar), Files.size(p)));
            } catch (IOException e) {
                throw new SourceException("cannot read store path", e, "object", key, "reason", e.toString());
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.info().storePath(), order.comparator()));
        return new BenchCache(dir, order, entries);
    }

    /** The entries {@code keep} accepts, in the same order. */
    public BenchCache select(java.util.function.Predicate<Entry> keep) {
        return new BenchCache(root, order, entries.stream().filter(keep).toList());
    }

    /** Total {@code .nar.xz} (source file) bytes. */
    public long fileBytes() {
        return entries.stream().mapToLong(Entry::fileBytes).sum();
    }

    /** Total NAR bytes as the narinfos declare them. */
    public long narBytes() {
        return entries.stream().mapToLong(e -> e.info().narSize()).sum();
    }

    /** Total narinfo text bytes. */
    public long narinfoBytes() {
        return entries.stream().mapToLong(Entry::narinfoBytes).sum();
    }

    /** The NAR files in ingest order. */
    public List<Path> narFiles() {
        return entries.stream().map(Entry::narFile).toList();
    }
}
