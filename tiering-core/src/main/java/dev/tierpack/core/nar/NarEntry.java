package dev.tierpack.core.nar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a NAR, in the order the NAR stores them: a pre-order walk where each directory's
 * children come in unsigned byte order of their names, and every {@link Directory} is matched by
 * an {@link EndDirectory} after its last child. The first event has the root path; a NAR whose root
 * is a file or symlink is a single event.
 *
 * <p>The explicit {@link EndDirectory} makes the stream self-describing: {@link NarWriter} turns
 * each event into NAR tokens without looking back, and a consumer that cuts a NAR into pieces
 * knows exactly where every directory closes.
 */
public sealed interface NarEntry {

    /** Path of the entry relative to the NAR root ({@link NarPath#ROOT} for the root). */
    NarPath path();

    /** Start of a directory; its children follow, then an {@link EndDirectory} with the same path. */
    record Directory(NarPath path) implements NarEntry {
        public Directory {
            Objects.requireNonNull(path, "path");
        }
    }

    /** End of the directory {@code path}: all its children have been listed. */
    record EndDirectory(NarPath path) implements NarEntry {
        public EndDirectory {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A symbolic link. The target is raw bytes (non-empty, at most 4095 bytes, no NUL); it is held
     * as a private copy and compared by content.
     */
    record Symlink(NarPath path, byte[] target) implements NarEntry {
        public Symlink {
            Objects.requireNonNull(path, "path");
            String reason = NarNames.invalidTargetReason(target);
            if (reason != null) {
                throw new IllegalArgumentException(reason + ": " + NarNames.display(target));
            }
            target = target.clone();
        }

        /** A symlink to the UTF-8 encoding of {@code target}. */
        public Symlink(NarPath path, String target) {
            this(path, target.getBytes(StandardCharsets.UTF_8));
        }

        /** The target bytes (a copy). */
        @Override
        public byte[] target() {
            return target.clone();
        }

        /** The target as strict UTF-8, or empty if it is not valid UTF-8. */
        public Optional<String> targetUtf8() {
            return NarNames.utf8(target, 0, target.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Symlink s && path.equals(s.path) && Arrays.equals(target, s.target);
        }

        @Override
        public int hashCode() {
            return 31 * path.hashCode() + Arrays.hashCode(target);
        }

        @Override
        public String toString() {
            return "Symlink[path=" + path + ", target=" + NarNames.display(target) + "]";
        }
    }

    /**
     * A regular file of {@code size} bytes whose contents start at byte {@code contentsOffset} of
     * the NAR (Nix's {@code narOffset} in {@code .ls} listings).
     */
    record RegularFile(NarPath path, boolean executable, long size, long contentsOffset) implements NarEntry {
        public RegularFile {
            Objects.requireNonNull(path, "path");
            if (size < 0) {
                throw new IllegalArgumentException("negative file size: " + size);
            }
            if (contentsOffset < 0) {
                throw new IllegalArgumentException("negative contents offset: " + contentsOffset);
            }
        }
    }
}
