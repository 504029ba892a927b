package dev.tierpack.core.store;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A home directory for a local database (the chunk index, the catalog: docs/FORMAT.md 7.1 and 9.1), held locked
 * from construction to {@link #close}:
 *
 * <pre>
 * &lt;lock file&gt;  an OS file lock, held while the database is open or being rebuilt
 * LIVE         one line, the name of the live RocksDB directory; replaced only by an atomic rename
 * db-N/        RocksDB directories (N a generation number); only the one LIVE names is in use
 * </pre>
 *
 * <p>A RocksDB directory cannot replace another one atomically (rename fails on a non-empty target), so a rebuild
 * writes a new generation and then atomically renames a new, synced {@code LIVE} file over the old one: a crash at
 * any point leaves {@code LIVE} naming either the old or the new complete database. Generations {@code LIVE} does not
 * name are leftovers of an interrupted rebuild or of a crash before the old generation was deleted; they are deleted
 * when the home is next locked.
 */
public class GenerationalHome implements AutoCloseable {
    public static final String LIVE = "LIVE";
    private static final String LIVE_TMP = "LIVE.tmp";
    private static final Pattern GENERATION = Pattern.compile("db-(\\d{1,9})");

    /** Makes the store's own exception type from a message, cause and key=value context. */
    @FunctionalInterface
    public interface Failure {
        TierpackException of(String what, Throwable cause, Object... keyValues);
    }

    /**
     * @param lockFile name of the lock file in the home
     * @param what     the database in messages, e.g. {@code chunk index}
     * @param failure  the store's exception for I/O failures
     */
    public record Spec(String lockFile, String what, Failure failure) {
        public Spec {
            Objects.requireNonNull(lockFile, "lockFile");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(failure, "failure");
        }
    }

    private final Path home;
    private final Spec spec;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private String live;

    /**
     * Creates {@code home} if needed, takes its lock (a {@link ConfigException} if another process or another open
     * database in this one holds it) and deletes leftovers of interrupted rebuilds.
     */
    protected GenerationalHome(Path home, Spec spec) {
        this.home = Objects.requireNonNull(home, "home");
        this.spec = Objects.requireNonNull(spec, "spec");
        FileChannel channel = null;
        try {
            Files.createDirectories(home);
            channel = FileChannel.open(home.resolve(spec.lockFile()), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                throw new ConfigException(spec.what() + " is in use (open or being rebuilt)", "directory", home);
            }
            this.lockChannel = channel;
            this.lock = l;
            this.live = readLive();
            deleteLeftovers();
        } catch (IOException e) {
            closeQuietly(channel);
            throw spec.failure().of("cannot lock " + spec.what() + " directory", e, "directory", home, "reason", e.toString());
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path home() {
        return home;
    }

    /** The live RocksDB directory, if a database was ever made live here. */
    public Optional<Path> live() {
        return Optional.ofNullable(live).map(home::resolve);
    }

    /** Opens the store of one generation directory: an existing one, or ({@code create}) a new, empty one. */
    @FunctionalInterface
    public interface StoreOpener<T extends AutoCloseable> {
        T open(Path dir, boolean create);
    }

    /**
     * Opens the live generation with {@code opener}, or, if there is none yet, creates the first one and makes it live.
     * The store is expected to release this home when it is closed; if opening fails, this home is released here.
     */
    public <T extends AutoCloseable> T openLive(StoreOpener<T> opener) {
        try {
            Optional<Path> current = live();
            if (current.isPresent()) {
                return opener.open(current.get(), false);
            }
            Path dir = nextGeneration();
            T store = opener.open(dir, true);
            try {
                makeLive(dir);
            } catch (RuntimeException e) {
                try {
                    store.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            return store;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** A fresh directory name for a new generation (not created). */
    public Path nextGeneration() {
        int max = live == null ? 0 : generation(live);
        for (String name : generations()) {
            max = Math.max(max, generation(name));
        }
        return home.resolve("db-" + (max + 1));
    }

    /**
     * Makes {@code dir} (a complete, closed RocksDB directory in this home) live: writes and syncs {@code LIVE.tmp},
     * renames it atomically over {@code LIVE}, syncs the home directory, then deletes the previous generation.
     */
    public void makeLive(Path dir) {
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
            try (FileChannel d = FileChannel.open(home, StandardOpenOption.READ)) {
                d.force(true);
            }
            live = dir.getFileName().toString();
            if (previous != null && !previous.equals(live)) {
                deleteTree(home.resolve(previous));
            }
        } catch (IOException e) {
            throw spec.failure().of("cannot switch the live " + spec.what(), e, "directory", home,
                    "generation", dir.getFileName(), "reason", e.toString());
        }
    }

    /** Deletes a generation directory that never became live (a failed rebuild). */
    public void discard(Path dir) {
        if (live != null && dir.equals(home.resolve(live))) {
            throw new IllegalArgumentException("refusing to discard the live " + spec.what() + " " + dir);
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw spec.failure().of("cannot delete a discarded " + spec.what(), e, "directory", dir, "reason", e.toString());
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
        try (Stream<Path> entries = Files.list(home)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> GENERATION.matcher(n).matches()).toList();
        } catch (IOException e) {
            throw spec.failure().of("cannot list " + spec.what() + " directory", e, "directory", home, "reason", e.toString());
        }
    }

    private String readLive() throws IOException {
        String text;
        try {
            text = Files.readString(home.resolve(LIVE), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        }
        String name = text.strip();
        if (!text.equals(name + "\n") || !GENERATION.matcher(name).matches()) {
            throw new FormatException(spec.what() + " LIVE file does not name a generation", "directory", home,
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

    /** Deletes a directory tree (nothing if it does not exist). */
    public static void deleteTree(Path dir) throws IOException {
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
