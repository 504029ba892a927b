package dev.tierpack.manifests.format;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nar.NarPath;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Follows a NAR's structure without its bytes: checks that entries come in canonical NAR order (the root first,
 * then only children of the open directory, names strictly increasing in unsigned byte order, every directory
 * closed) and computes where every byte would be, so that a regular file's {@code contentsOffset} and the NAR's
 * total size are known from its structure alone. The arithmetic is the NAR wire format's: every string is an
 * 8-byte little-endian length, the bytes and zero padding to a multiple of 8. Errors are {@link FormatException}s
 * naming the path.
 */
final class NarPositions {
    /** Deepest directory nesting accepted (as {@link dev.tierpack.core.nar.NarReader}'s default). */
    static final int MAX_DEPTH = 256;

    private static final long MAGIC = str(13);      // "nix-archive-1"
    private static final long SHORT = str(1);       // "(", ")", "type", "entry", "name", "node", "regular", ...
    private static final long DIRECTORY = str(9);   // "directory"
    private static final long EXECUTABLE = str(10); // "executable"

    private static final class Frame {
        final NarPath path;
        byte[] lastName;

        Frame(NarPath path) {
            this.path = path;
        }
    }

    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private long offset;
    private boolean started;
    private boolean complete;

    /** The path of the next entry, named {@code name} in the open directory; the root has the empty name. */
    NarPath next(byte[] name) {
        if (!started) {
            if (name.length != 0) {
                throw new FormatException("the first entry must be the root (empty name)");
            }
            return NarPath.ROOT;
        }
        Frame top = stack.peek();
        if (top == null) {
            throw new FormatException("entry after the end of the NAR");
        }
        try {
            return top.path.resolve(name);
        } catch (IllegalArgumentException e) {
            throw new FormatException("invalid entry name", "directory", top.path.toString(), "reason", e.getMessage());
        }
    }

    /** Opens directory {@code path}. */
    void directory(NarPath path) {
        begin(path);
        offset += DIRECTORY;
        if (stack.size() >= MAX_DEPTH) {
            throw new FormatException("directories nested too deeply", "path", path.toString(), "max", MAX_DEPTH);
        }
        stack.push(new Frame(path));
    }

    /** Closes the open directory and returns its path. */
    NarPath endDirectory() {
        Frame top = stack.poll();
        if (top == null) {
            throw new FormatException("end of directory with no open directory");
        }
        offset += SHORT;
        endNode();
        return top.path;
    }

    /** Closes the open directory, which must be {@code path}. */
    void endDirectory(NarPath path) {
        Frame top = stack.peek();
        if (top == null || !top.path.equals(path)) {
            throw new FormatException("end of a directory that is not the open one", "path", path.toString(),
                    "open", top == null ? "none" : top.path.toString());
        }
        endDirectory();
    }

    /** A symlink whose target has {@code targetLength} bytes. */
    void symlink(NarPath path, int targetLength) {
        begin(path);
        offset += SHORT + SHORT + str(targetLength) + SHORT;
        endNode();
    }

    /** A regular file of {@code size} bytes; returns the NAR offset of its contents. */
    long file(NarPath path, boolean executable, long size) {
        if (size < 0) {
            throw new FormatException("negative file size", "path", path.toString(), "size", size);
        }
        begin(path);
        offset += SHORT + (executable ? EXECUTABLE + 8 : 0) + SHORT + 8;
        long contents = offset;
        offset = Math.addExact(offset, Math.addExact(size, pad(size)));
        offset += SHORT;
        endNode();
        return contents;
    }

    /** Whether the root node is complete. */
    boolean complete() {
        return complete;
    }

    /** NAR bytes up to here; the NAR size once {@link #complete()}. */
    long size() {
        return offset;
    }

    private void begin(NarPath path) {
        if (complete) {
            throw new FormatException("entry after the end of the NAR", "path", path.toString());
        }
        Frame dir = stack.peek();
        if (!started) {
            if (!path.isRoot()) {
                throw new FormatException("the first entry must be the root", "path", path.toString());
            }
            started = true;
            offset += MAGIC + SHORT + SHORT;
            return;
        }
        if (path.isRoot() || !path.parent().equals(dir.path)) {
            throw new FormatException("entry is not a child of the open directory", "path", path.toString(),
                    "open", dir.path.toString());
        }
        byte[] name = path.name();
        if (dir.lastName != null) {
            int order = Arrays.compareUnsigned(name, dir.lastName);
            if (order == 0) {
                throw new FormatException("duplicate entry name", "path", path.toString());
            }
            if (order < 0) {
                throw new FormatException("entries out of NAR order", "path", path.toString());
            }
        }
        dir.lastName = name;
        offset += SHORT + SHORT + SHORT + str(name.length) + SHORT + SHORT + SHORT;
    }

    private void endNode() {
        if (stack.isEmpty()) {
            complete = true;
        } else {
            offset += SHORT; // closes the enclosing "entry"
        }
    }

    private static long str(long length) {
        return 8 + length + pad(length);
    }

    private static long pad(long length) {
        return -length & 7;
    }
}
