package dev.tierpack.core.nar;

import static dev.tierpack.core.nar.NarFormat.CLOSE;
import static dev.tierpack.core.nar.NarFormat.CONTENTS;
import static dev.tierpack.core.nar.NarFormat.DIRECTORY;
import static dev.tierpack.core.nar.NarFormat.ENTRY;
import static dev.tierpack.core.nar.NarFormat.EXECUTABLE;
import static dev.tierpack.core.nar.NarFormat.MAGIC;
import static dev.tierpack.core.nar.NarFormat.NAME;
import static dev.tierpack.core.nar.NarFormat.NODE;
import static dev.tierpack.core.nar.NarFormat.OPEN;
import static dev.tierpack.core.nar.NarFormat.REGULAR;
import static dev.tierpack.core.nar.NarFormat.SYMLINK;
import static dev.tierpack.core.nar.NarFormat.TARGET;
import static dev.tierpack.core.nar.NarFormat.TYPE;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nar.NarEntry.Directory;
import dev.tierpack.core.nar.NarEntry.EndDirectory;
import dev.tierpack.core.nar.NarEntry.RegularFile;
import dev.tierpack.core.nar.NarEntry.Symlink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes canonical NAR bytes from {@link NarEntry} events, in the order {@link NarReader} returns
 * them: the root first, each directory's children in strictly increasing unsigned byte order of
 * their names, every {@link Directory} closed by its {@link EndDirectory}. Events out of that order
 * (a duplicate or unsorted name, an entry outside the open directory, anything after the root is
 * complete) are rejected with a {@link FormatException} before any byte of the entry is written,
 * so whatever this writer produces is a canonical NAR (the one Nix would produce for the same tree).
 *
 * <p>File contents are streamed from the caller's {@link InputStream}, never held in memory. The
 * writer does not close the output stream and may buffer up to 8 KiB until {@link #finish()}.
 * After an exception the writer and the bytes written so far must be discarded. Not thread-safe.
 */
public final class NarWriter {
    private static final int BUFFER_SIZE = 8192;
    private static final byte[] ZEROS = new byte[8];

    /** An open directory and the name of its last child so far (null before the first). */
    private static final class Frame {
        final NarPath path;
        byte[] lastName;

        Frame(NarPath path) {
            this.path = path;
        }
    }

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int count;
    private long offset;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private boolean started;
    private boolean complete;

    public NarWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** NAR bytes produced so far (written or buffered). */
    public long offset() {
        return offset;
    }

    /** Whether the root node is complete (nothing more may be written). */
    public boolean isComplete() {
        return complete;
    }

    /**
     * Writes a {@link Directory}, {@link EndDirectory} or {@link Symlink} event.
     *
     * @throws IllegalArgumentException for a {@link RegularFile}, which needs its contents
     */
    public void write(NarEntry entry) throws IOException {
        switch (entry) {
            case Directory d -> directory(d.path());
            case EndDirectory e -> endDirectory(e.path());
            case Symlink s -> symlink(s.path(), s.target());
            case RegularFile f -> throw new IllegalArgumentException("a RegularFile needs its contents: " + f.path());
        }
    }

    /**
     * Writes any event; for a {@link RegularFile} exactly {@code size} bytes are copied from
     * {@code contents} (ignored for other events), and its {@code contentsOffset} must be where
     * this writer puts the contents, which holds when re-writing a reader's events.
     */
    public void write(NarEntry entry, InputStream contents) throws IOException {
        if (entry instanceof RegularFile f) {
            file(f.path(), f.executable(), f.size(), contents, f.contentsOffset());
        } else {
            write(entry);
        }
    }

    /** Opens a directory; its children follow, then {@link #endDirectory(NarPath)}. */
    public void directory(NarPath path) throws IOException {
        beginNode(path);
        token(DIRECTORY);
        stack.push(new Frame(path));
    }

    /** Closes the innermost open directory, which must be {@code path}. */
    public void endDirectory(NarPath path) throws IOException {
        Frame top = stack.peek();
        if (top == null || !top.path.equals(path)) {
            throw new FormatException("NAR writer: end of a directory that is not the open one",
                    "path", path.toString(), "open", top == null ? "none" : top.path.toString());
        }
        stack.pop();
        token(CLOSE);
        endNode();
    }

    /** Writes a symlink to the raw {@code target} bytes. */
    public void symlink(NarPath path, byte[] target) throws IOException {
        String reason = NarNames.invalidTargetReason(target);
        if (reason != null) {
            throw new FormatException("NAR writer: invalid symlink: " + reason, "path", String.valueOf(path));
        }
        beginNode(path);
        token(SYMLINK);
        token(TARGET);
        string(target);
        token(CLOSE);
        endNode();
    }

    /** Writes a regular file, copying exactly {@code size} bytes from {@code contents}; returns its entry. */
    public RegularFile file(NarPath path, boolean executable, long size, InputStream contents) throws IOException {
        return file(path, executable, size, contents, -1);
    }

    /** Writes a regular file with the given contents; returns its entry. */
    public RegularFile file(NarPath path, boolean executable, byte[] contents) throws IOException {
        return file(path, executable, contents.length, new ByteArrayInputStream(contents), -1);
    }

    private RegularFile file(NarPath path, boolean executable, long size, InputStream contents, long expectedOffset)
            throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative file size: " + size);
        }
        Objects.requireNonNull(contents, "contents");
        checkPosition(path);
        long contentsOffset = offset + nodeHeaderLength(path) + fileHeaderLength(executable);
        if (expectedOffset >= 0 && expectedOffset != contentsOffset) {
            throw new FormatException("NAR writer: file event's contentsOffset differs from its position",
                    "path", path.toString(), "contentsOffset", expectedOffset, "actual", contentsOffset);
        }
        beginNode(path);
        token(REGULAR);
        if (executable) {
            token(EXECUTABLE);
            u64(0);
        }
        token(CONTENTS);
        u64(size);
        copy(path, size, contents);
        raw(ZEROS, 0, NarFormat.padding(size));
        token(CLOSE);
        endNode();
        return new RegularFile(path, executable, size, contentsOffset);
    }

    /**
     * Copies every remaining event of {@code reader} (with file contents) to this writer.
     *
     * @return the number of events copied
     */
    public long copy(NarReader reader) throws IOException {
        long events = 0;
        for (NarEntry e = reader.next(); e != null; e = reader.next()) {
            write(e, e instanceof RegularFile ? reader.contents() : null);
            events++;
        }
        return events;
    }

    /**
     * Checks the NAR is complete and flushes everything to the output stream (which stays open).
     *
     * @throws FormatException if the root node is missing or a directory is still open
     */
    public void finish() throws IOException {
        if (!complete) {
            throw new FormatException("NAR writer: incomplete NAR",
                    "open", stack.isEmpty() ? "no root" : stack.peek().path.toString());
        }
        flushBuffer();
        out.flush();
    }

    /** Bytes written by {@link #beginNode} for {@code path} (used to predict a file's contents offset). */
    private static long nodeHeaderLength(NarPath path) {
        long n = 0;
        if (path.isRoot()) {
            n += stringLength(MAGIC.length());
        } else {
            n += stringLength(ENTRY.length()) + stringLength(OPEN.length()) + stringLength(NAME.length())
                    + stringLength(path.name().length) + stringLength(NODE.length());
        }
        return n + stringLength(OPEN.length()) + stringLength(TYPE.length());
    }

    private static long fileHeaderLength(boolean executable) {
        return stringLength(REGULAR.length()) + (executable ? stringLength(EXECUTABLE.length()) + 8 : 0)
                + stringLength(CONTENTS.length()) + 8;
    }

    private static long stringLength(long length) {
        return 8 + length + NarFormat.padding(length);
    }

    /**
     * Checks that {@code path} may come next: the root first, then only children of the open
     * directory in strictly increasing name order. Writes nothing.
     */
    private void checkPosition(NarPath path) {
        Objects.requireNonNull(path, "path");
        if (complete) {
            throw new FormatException("NAR writer: entry after the end of the NAR", "path", path.toString());
        }
        Frame dir = stack.peek();
        if (dir == null) {
            if (started) {
                throw new IllegalStateException("NarWriter failed earlier");
            }
            if (!path.isRoot()) {
                throw new FormatException("NAR writer: the first entry must be the root", "path", path.toString());
            }
            return;
        }
        if (path.isRoot() || !path.parent().equals(dir.path)) {
            throw new FormatException("NAR writer: entry is not a child of the open directory",
                    "path", path.toString(), "open", dir.path.toString());
        }
        if (dir.lastName != null) {
            int order = Arrays.compareUnsigned(path.name(), dir.lastName);
            if (order == 0) {
                throw new FormatException("NAR writer: duplicate entry name", "path", path.toString());
            }
            if (order < 0) {
                throw new FormatException("NAR writer: entries out of order", "path", path.toString(),
                        "previous", NarNames.display(dir.lastName));
            }
        }
    }

    /** Checks the position of {@code path} and writes everything up to the node's type. */
    private void beginNode(NarPath path) throws IOException {
        checkPosition(path);
        Frame dir = stack.peek();
        if (dir == null) {
            started = true;
            token(MAGIC);
        } else {
            byte[] name = path.name();
            dir.lastName = name;
            token(ENTRY);
            token(OPEN);
            token(NAME);
            string(name);
            token(NODE);
        }
        token(OPEN);
        token(TYPE);
    }

    /** After a node's closing token: close the enclosing entry, or complete the NAR at the root. */
    private void endNode() throws IOException {
        if (stack.isEmpty()) {
            complete = true;
        } else {
            token(CLOSE);
        }
    }

    private void copy(NarPath path, long size, InputStream contents) throws IOException {
        long left = size;
        while (left > 0) {
            if (count == buf.length) {
                flushBuffer();
            }
            int n = contents.read(buf, count, (int) Math.min(left, buf.length - count));
            if (n < 0) {
                throw new FormatException("NAR writer: file contents shorter than declared size",
                        "path", path.toString(), "size", size, "got", size - left);
            }
            count += n;
            offset += n;
            left -= n;
        }
    }

    private void token(String token) throws IOException {
        string(token.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void string(byte[] b) throws IOException {
        u64(b.length);
        raw(b, 0, b.length);
        raw(ZEROS, 0, NarFormat.padding(b.length));
    }

    private void u64(long v) throws IOException {
        if (buf.length - count < 8) {
            flushBuffer();
        }
        for (int i = 0; i < 8; i++) {
            buf[count + i] = (byte) (v >>> (8 * i));
        }
        count += 8;
        offset += 8;
    }

    private void raw(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - count) {
            flushBuffer();
            if (len > buf.length) {
                out.write(b, off, len);
                offset += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
        offset += len;
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }
}
