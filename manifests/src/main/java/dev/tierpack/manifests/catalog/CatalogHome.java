package dev.tierpack.manifests.catalog;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The catalog home directory (docs/FORMAT.md 9.1), locked from {@link #lock} to {@link #close}, with the same layout
 * and crash rules as the chunk index home: {@code catalog.lock} (an OS file lock), {@code LIVE} (one line naming the
 * live RocksDB directory, replaced only by an atomic rename of a synced {@code LIVE.tmp}), and {@code db-N/}
 * generations. A rebuild fills a new generation and then switches {@code LIVE}; a crash at any point leaves
 * {@code LIVE} naming a complete catalog. Generations {@code LIVE} does not name are deleted when the home is locked.
 */
final class CatalogHome implements AutoCloseable {
    static final String LOCK = "catalog.lock";
    static final String LIVE = "LIVE";
    private static final String LIVE_TMP = "LIVE.tmp";
    private static final Pattern GENERATION = Pattern.compile("db-(\\d{1,9})");

    private final Path home;
    private final FileChannel channel;
    private final FileLock lock;
    private String live;

    private CatalogHome(Path home, FileChannel channel, FileLock lock, String live) {
        this.home = home;
        this.channel = channel;
        this.lock = lock;
        this.live = live;
    }

    /** Creates {@code home} if needed, locks it (a {@link ConfigException} if it is in use) and deletes leftovers. */
    static CatalogHome lock(Path home) {
        FileChannel ch = null;
        try {
            Files.createDirectories(home);
            ch = FileChannel.open(home.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                throw new ConfigException("catalog is in use (open or being rebuilt)", "directory", home);
            }
            CatalogHome h = new CatalogHome(home, ch, l, readLive(home));
            Files.deleteIfExists(home.resolve(LIVE_TMP));
            for (String name : h.generations()) {
                if (!name.equals(h.live)) {
                    deleteTree(home.resolve(name));
                }
            }
            return h;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CatalogStoreException("cannot lock catalog directory", e, "directory", home, "reason", e.toString());
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** The live RocksDB directory, if a catalog was ever made live here. */
    Optional<Path> live() {
        return Optional.ofNullable(live).map(home::resolve);
    }

    /** A fresh generation directory name (not created). */
    Path nextGeneration() {
        int max = live == null ? 0 : generation(live);
        for (String name : generations()) {
            max = Math.max(max, generation(name));
        }
        return home.resolve("db-" + (max + 1));
    }

    /** Makes the complete, closed catalog in {@code dir} live and deletes the previous generation. */
    void makeLive(Path dir) {
        String previous = live;
        Path tmp = home.resolve(LIVE_TMP);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((dir.getFileName() + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, home.resolve(LIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(home, StandardOpenOption.READ)) {
                d.force(true);
            }
            live = dir.getFileName().toString();
            if (previous != null && !previous.equals(live)) {
                deleteTree(home.resolve(previous));
            }
        } catch (IOException e) {
            throw new CatalogStoreException("cannot switch the live catalog", e, "directory", home,
                    "generation", dir.getFileName(), "reason", e.toString());
        }
    }

    /** Deletes a generation that never became live. */
    void discard(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw new CatalogStoreException("cannot delete a discarded catalog", e, "directory", dir, "reason", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private List<String> generations() {
        try (Stream<Path> s = Files.list(home)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> GENERATION.matcher(n).matches()).toList();
        } catch (IOException e) {
            throw new CatalogStoreException("cannot list catalog directory", e, "directory", home, "reason", e.toString());
        }
    }

    private static String readLive(Path home) throws IOException {
        String text;
        try {
            text = Files.readString(home.resolve(LIVE), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        }
        String name = text.strip();
        if (!text.equals(name + "\n") || !GENERATION.matcher(name).matches()) {
            throw new FormatException("catalog LIVE file does not name a generation", "directory", home);
        }
        return name;
    }

    private static int generation(String name) {
        Matcher m = GENERATION.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(name);
        }
        return Integer.parseInt(m.group(1));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
