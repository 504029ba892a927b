package dev.tierpack.packer.index;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chunk index home directory (FORMAT.md 7.1), held locked from {@link #lock} to {@link #close}:
 *
 * <pre>
 * index.lock   an OS file lock, held while a ChunkIndex is open or a rebuild runs
 * LIVE         one line, the name of the live RocksDB directory; replaced only by an atomic rename
 * db-N/        RocksDB directories (N a generation number); only the one LIVE names is in use
 * </pre>
 *
 * <p>A RocksDB directory cannot replace another one atomically (rename fails on a non-empty target), so a rebuild
 * writes a new generation and then atomically renames a new {@code LIVE} file over the old one: a crash at any
 * point leaves {@code LIVE} naming either the old or the new complete index. Directories LIVE does not name are
 * leftovers of an interrupted rebuild or of a crash before the old generation was deleted; they are deleted when
 * the home is next locked.
 */
final class IndexHome implements AutoCloseable {
    static final String LOCK = "index.lock";
    static final String LIVE = "LIVE";
    private static final String LIVE_TMP = "LIVE.tmp";
    private static final Pattern GENERATION = Pattern.compile("db-(\\d{1,9})");

    private final Path home;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private String live;

    private IndexHome(Path home, FileChannel lockChannel, FileLock lock, String live) {
        this.home = home;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.live = live;
    }

    /**
     * Creates {@code home} if needed, takes its lock (a {@link ConfigException} if another process or another
     * {@link ChunkIndex} in this one holds it) and deletes leftovers of interrupted rebuilds.
     */
    static IndexHome lock(Path home) {
        FileChannel channel = null;
        try {
            Files.createDirectories(home);
            channel = FileChannel.open(home.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new ConfigException("chunk index is in use (open or being rebuilt)", "directory", home);
            }
            IndexHome h = new IndexHome(home, channel, lock, readLive(home));
            h.deleteLeftovers();
            return h;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IndexStoreException("cannot lock chunk index directory", e, "directory", home, "reason", e.toString());
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    Path home() {
        return home;
    }

    /** The live RocksDB directory, if an index was ever made live here. */
    Optional<Path> live() {
        return Optional.ofNullable(live).map(home::resolve);
    }

    /** A fresh directory name for a new generation (not created). */
    Path nextGeneration() {
        int max = live == null ? 0 : generation(live);
        for (String name : generations()) {
            max = Math.max(max, generation(name));
        }
        return home.resolve("db-" + (max + 1));
    }

    /**
     * Makes {@code dir} (a complete, closed RocksDB directory in this home) the live index: writes and syncs
     * {@code LIVE.tmp}, renames it atomically over {@code LIVE}, syncs the home directory, then deletes the previous
     * generation.
     */
    void makeLive(Path dir) {
        if (!dir.getParent().equals(home) || !GENERATION.matcher(dir.getFileName().toString()).matches()) {
            throw new IllegalArgumentException("not a generation of " + home + ": " + dir);
        }
        String previous = live;
        Path tmp = home.resolve(LIVE_TMP);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((dir.getFileName() + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, home.resolve(LIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(home);
            live = dir.getFileName().toString();
            if (previous != null && !previous.equals(live)) {
                deleteTree(home.resolve(previous));
            }
        } catch (IOException e) {
            throw new IndexStoreException("cannot switch the live chunk index", e, "directory", home,
                    "generation", dir.getFileName(), "reason", e.toString());
        }
    }

    /** Deletes a generation directory that never became live (a failed rebuild). */
    void discard(Path dir) {
        if (live != null && dir.equals(home.resolve(live))) {
            throw new IllegalArgumentException("refusing to discard the live index " + dir);
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw new IndexStoreException("cannot delete a discarded chunk index", e, "directory", dir, "reason", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases the lock too
        }
        closeQuietly(lockChannel);
    }

    private void deleteLeftovers() throws IOException {
        Files.deleteIfExists(home.resolve(LIVE_TMP));
        for (String name : generations()) {
            if (!name.equals(live)) {
                deleteTree(home.resolve(name));
            }
        }
    }

    private List<String> generations() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(home)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> GENERATION.matcher(n).matches()).forEach(out::add);
        } catch (IOException e) {
            throw new IndexStoreException("cannot list chunk index directory", e, "directory", home, "reason", e.toString());
        }
        return out;
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
            throw new FormatException("chunk index LIVE file does not name a generation", "directory", home,
                    "content", text.length() > 40 ? text.substring(0, 40) : text);
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

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
