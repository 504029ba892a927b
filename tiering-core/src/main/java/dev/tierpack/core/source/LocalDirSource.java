package dev.tierpack.core.source;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.error.SourceObjectNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A binary cache in a local directory ({@code file:///path}), with the same contract as an S3
 * bucket: keys are {@code /}-separated paths relative to the root, listed in S3 key order.
 *
 * <p>Listing is a lazy, sorted, depth-first walk that keeps only one directory's entry names in
 * memory: descending into a subdirectory drops the parent's listing, and returning re-reads the
 * parent and continues after the subdirectory. Directories sort by their name plus {@code /}, so
 * {@code nar-x} comes before {@code nar/…} exactly as in S3. Only regular files (or symlinks to
 * them) are objects; empty directories, sockets and the like list nothing.
 *
 * <p>Safety: keys given to {@link #open}, {@link #openRange} and {@link #head} must be plain
 * relative paths ({@code ..}, {@code .}, empty segments and absolute paths are refused), and a
 * symlink whose target lies outside the root is refused with {@link SourceException}, both when
 * listing and when reading. Dangling symlinks are skipped with a warning; directory symlink cycles
 * are refused.
 */
public final class LocalDirSource implements BinaryCacheSource {
    private static final Logger log = LoggerFactory.getLogger(LocalDirSource.class);

    private final Path root;
    private final Path realRoot;
    private final String description;

    /** @throws ConfigException if {@code root} is not an existing directory */
    public LocalDirSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.description = this.root.toUri().toString();
        if (!Files.isDirectory(this.root)) {
            throw new ConfigException("source directory does not exist", "source", description);
        }
        try {
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new ConfigException("cannot resolve source directory", e, "source", description);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public Iterator<SourceObject> list(String startAfter) {
        return new Walk(startAfter);
    }

    @Override
    public InputStream open(String key) {
        Path file = resolveExisting(key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw notFound(key);
        } catch (IOException e) {
            throw ioFailure("cannot read object", key, e);
        }
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " for " + key);
        }
        Path file = resolveExisting(key);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (offset > size || length > size - offset) {
                throw new SourceException("range beyond end of object", "key", key, "offset", offset,
                        "length", length, "source", description, "size", size);
            }
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (NoSuchFileException e) {
            closeQuietly(channel);
            throw notFound(key);
        } catch (IOException e) {
            closeQuietly(channel);
            throw ioFailure("cannot read object range", key, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public Optional<SourceObject> head(String key) {
        Path file = resolve(key);
        if (file == null) {
            return Optional.empty();
        }
        return stat(key, file);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    @Override
    public String toString() {
        return "LocalDirSource[" + description + "]";
    }

    /** The real path of a key's regular file; throws if it is missing, not a file, or outside the root. */
    private Path resolveExisting(String key) {
        Path file = resolve(key);
        if (file == null || !Files.isRegularFile(file)) {
            throw notFound(key);
        }
        return file;
    }

    /** The real path of a key, or null if nothing exists there. */
    private Path resolve(String key) {
        validateKey(key);
        Path real;
        try {
            real = root.resolve(key).toRealPath();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw ioFailure("cannot resolve object", key, e);
        }
        if (!real.startsWith(realRoot)) {
            throw escapes(key);
        }
        return real;
    }

    private void validateKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must be non-empty");
        }
        boolean bad = key.startsWith("/") || key.indexOf('\0') >= 0;
        for (String segment : key.split("/", -1)) {
            bad |= segment.isEmpty() || segment.equals(".") || segment.equals("..");
        }
        if (bad) {
            throw new SourceException("invalid key: not a plain relative path", "key", key, "source", description);
        }
    }

    private Optional<SourceObject> stat(String key, Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new SourceObject(key, a.size(), a.lastModifiedTime().toInstant(), null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw ioFailure("cannot read object metadata", key, e);
        }
    }

    private SourceException notFound(String key) {
        return new SourceObjectNotFoundException("object not found", "key", key, "source", description);
    }

    private SourceException escapes(String key) {
        return new SourceException("symlink points outside the source directory", "key", key, "source", description);
    }

    private SourceException ioFailure(String what, String key, IOException e) {
        return new SourceException(what, e, "key", key, "source", description, "cause", e.toString());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    private enum EntryType { FILE, DIRECTORY }

    /** One level of the walk: a directory's key prefix ("" or "a/b/") and its real path. */
    private record Frame(String prefix, Path realDir) {}

    /**
     * Depth-first walk in key order. Only the directory on top of the stack has its entry names
     * loaded ({@code entries}); ancestors are remembered by prefix and re-read on return.
     */
    private final class Walk implements Iterator<SourceObject> {
        private final String startAfter;
        private final Deque<Frame> stack = new ArrayDeque<>();
        /** Sorted entry names of the top frame's directory; directories carry a trailing '/'. */
        private List<String> entries;
        private int index;
        private SourceObject next;
        private boolean started;
        private boolean done;

        Walk(String startAfter) {
            this.startAfter = startAfter;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = advance();
                done = next == null;
            }
            return next != null;
        }

        @Override
        public SourceObject next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SourceObject o = next;
            next = null;
            return o;
        }

        private SourceObject advance() {
            if (!started) {
                started = true;
                enter(new Frame("", realRoot), startAfter, false);
            }
            while (true) {
                Frame top = stack.peek();
                if (top == null) {
                    return null;
                }
                if (index < entries.size()) {
                    String entry = entries.get(index++);
                    String key = top.prefix() + entry;
                    if (entry.endsWith("/")) {
                        Path realDir = realDirectory(key);
                        if (realDir != null) {
                            enter(new Frame(key, realDir), startAfter, false);
                        }
                    } else {
                        Optional<SourceObject> o = stat(key, top.realDir().resolve(entry));
                        if (o.isPresent()) {
                            return o.get();
                        }
                    }
                } else {
                    stack.pop();
                    entries = null;
                    Frame parent = stack.peek();
                    if (parent != null) {
                        // re-read the parent and continue strictly after the finished subdirectory
                        stack.pop();
                        enter(parent, top.prefix(), true);
                    }
                }
            }
        }

        /** Real path of a subdirectory entry, refusing cycles and escapes; null if it vanished. */
        private Path realDirectory(String key) {
            Path real;
            try {
                real = root.resolve(key).toRealPath();
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw ioFailure("cannot resolve directory", key, e);
            }
            if (!real.startsWith(realRoot)) {
                throw escapes(key);
            }
            for (Frame f : stack) {
                if (f.realDir().equals(real)) {
                    throw new SourceException("directory symlink cycle", "key", key, "source", description);
                }
            }
            return real;
        }

        /**
         * Pushes a frame, loads its sorted entries and skips to the first one that can hold keys
         * after {@code after}: with {@code strict}, entries sorting after it; otherwise also a
         * directory that is a prefix of it (the resume point lies inside).
         */
        private void enter(Frame frame, String after, boolean strict) {
            List<String> names = readSorted(frame);
            int i = 0;
            if (after != null) {
                while (i < names.size()) {
                    String key = frame.prefix() + names.get(i);
                    boolean inside = !strict && key.endsWith("/") && after.startsWith(key);
                    if (inside || KeyOrder.compare(key, after) > 0) {
                        break;
                    }
                    i++;
                }
            }
            stack.push(frame);
            entries = names;
            index = i;
        }

        private List<String> readSorted(Frame frame) {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(frame.realDir())) {
                for (Path child : dir) {
                    String name = child.getFileName().toString();
                    EntryType type = typeOf(frame.prefix() + name, child);
                    if (type != null) {
                        names.add(type == EntryType.DIRECTORY ? name + "/" : name);
                    }
                }
            } catch (NoSuchFileException e) {
                return names; // the directory vanished: nothing to list
            } catch (IOException e) {
                throw ioFailure("cannot list directory", frame.prefix().isEmpty() ? "/" : frame.prefix(), e);
            }
            names.sort(KeyOrder.UTF8);
            return names;
        }

        /** What a directory entry is after following symlinks inside the root; null if it lists nothing. */
        private EntryType typeOf(String key, Path child) throws IOException {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    Path target;
                    try {
                        target = child.toRealPath();
                    } catch (NoSuchFileException e) {
                        log.warn("skipping dangling symlink: key={} source={}", key, description);
                        return null;
                    }
                    if (!target.startsWith(realRoot)) {
                        throw escapes(key);
                    }
                    a = Files.readAttributes(target, BasicFileAttributes.class);
                }
            } catch (NoSuchFileException e) {
                return null; // vanished while listing
            }
            if (a.isDirectory()) {
                return EntryType.DIRECTORY;
            }
            return a.isRegularFile() ? EntryType.FILE : null;
        }
    }

    /** Reads at most {@code remaining} bytes, then reports end of stream. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(Math.max(n, 0), remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
