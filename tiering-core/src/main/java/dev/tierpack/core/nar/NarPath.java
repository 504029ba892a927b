package dev.tierpack.core.nar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A path relative to the root of a NAR: the empty path is the root itself, otherwise names joined
 * by {@code /}. Names are raw bytes, exactly as they appear in the NAR (Nix does not require UTF-8),
 * so a path read from a NAR is always written back byte for byte.
 *
 * <p>Guarantees: immutable; every component is a valid NAR name (non-empty, at most 255 bytes, not
 * {@code .} or {@code ..}, no {@code /} or NUL). {@link #compareTo} is NAR order: a directory before
 * its contents, siblings in unsigned byte order of their names, which is the order in which a
 * canonical NAR (and {@link NarReader}) lists entries.
 */
public final class NarPath implements Comparable<NarPath> {
    /** The root of the NAR (the store path itself). */
    public static final NarPath ROOT = new NarPath(new byte[0], 0);

    private final byte[] bytes;
    private final int depth;
    private int hash;

    private NarPath(byte[] bytes, int depth) {
        this.bytes = bytes;
        this.depth = depth;
    }

    /**
     * Parses a {@code /}-separated UTF-8 path such as {@code "bin/sh"}; {@code ""} is the root.
     *
     * @throws IllegalArgumentException if a component is not a valid NAR name
     */
    public static NarPath of(String path) {
        return of(path.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a {@code /}-separated byte path; an empty array is the root.
     *
     * @throws IllegalArgumentException if a component is not a valid NAR name
     */
    public static NarPath of(byte[] path) {
        NarPath p = ROOT;
        if (path.length == 0) {
            return p;
        }
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i == path.length || path[i] == '/') {
                p = p.resolve(Arrays.copyOfRange(path, start, i));
                start = i + 1;
            }
        }
        return p;
    }

    /**
     * The child of this path named {@code name}.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid NAR name
     */
    public NarPath resolve(byte[] name) {
        String reason = NarNames.invalidNameReason(name, 0, name.length);
        if (reason != null) {
            throw new IllegalArgumentException("invalid NAR name '" + NarNames.display(name) + "': " + reason);
        }
        if (depth == 0) {
            return new NarPath(name.clone(), 1);
        }
        byte[] b = Arrays.copyOf(bytes, bytes.length + 1 + name.length);
        b[bytes.length] = '/';
        System.arraycopy(name, 0, b, bytes.length + 1, name.length);
        return new NarPath(b, depth + 1);
    }

    /** The child of this path named by the UTF-8 encoding of {@code name}. */
    public NarPath resolve(String name) {
        return resolve(name.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isRoot() {
        return depth == 0;
    }

    /** Number of components: 0 for the root. */
    public int depth() {
        return depth;
    }

    /** The last component (empty for the root). */
    public byte[] name() {
        return Arrays.copyOfRange(bytes, lastSlash() + 1, bytes.length);
    }

    /** The parent directory, or null for the root. */
    public NarPath parent() {
        if (depth == 0) {
            return null;
        }
        if (depth == 1) {
            return ROOT;
        }
        return new NarPath(Arrays.copyOf(bytes, lastSlash()), depth - 1);
    }

    /** The path as raw bytes, components joined by {@code /} (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The path decoded as strict UTF-8, or empty if it is not valid UTF-8. */
    public Optional<String> utf8() {
        return NarNames.utf8(bytes, 0, bytes.length);
    }

    /** Whether this path is {@code other} or lies below it. */
    public boolean startsWith(NarPath other) {
        if (other.depth == 0) {
            return true;
        }
        return bytes.length >= other.bytes.length
                && Arrays.equals(bytes, 0, other.bytes.length, other.bytes, 0, other.bytes.length)
                && (bytes.length == other.bytes.length || bytes[other.bytes.length] == '/');
    }

    private int lastSlash() {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '/') {
                return i;
            }
        }
        return -1;
    }

    /** NAR order; see the class comment. Treating {@code /} as the smallest byte compares component by component. */
    @Override
    public int compareTo(NarPath o) {
        int n = Math.min(bytes.length, o.bytes.length);
        int i = Arrays.mismatch(bytes, 0, n, o.bytes, 0, n);
        if (i < 0) {
            return Integer.compare(bytes.length, o.bytes.length);
        }
        return Integer.compare(rank(bytes[i]), rank(o.bytes[i]));
    }

    private static int rank(byte b) {
        return b == '/' ? 0 : b & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NarPath p && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** The path for display: UTF-8 text, or {@code \xNN} escapes for bytes that are not printable UTF-8. */
    @Override
    public String toString() {
        return NarNames.display(bytes);
    }
}
