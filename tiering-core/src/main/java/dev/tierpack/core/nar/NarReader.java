package dev.tierpack.core.nar;

import static dev.tierpack.core.nar.NarFormat.CLOSE;
import static dev.tierpack.core.nar.NarFormat.CONTENTS;
import static dev.tierpack.core.nar.NarFormat.DIRECTORY;
import static dev.tierpack.core.nar.NarFormat.ENTRY;
import static dev.tierpack.core.nar.NarFormat.EXECUTABLE;
import static dev.tierpack.core.nar.NarFormat.MAGIC;
import static dev.tierpack.core.nar.NarFormat.MAX_KEYWORD_LENGTH;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming pull parser for NAR (Nix ARchive) data.
 *
 * <p>{@link #next()} returns the {@link NarEntry} events in NAR order (see {@link NarEntry}),
 * then null. After a {@link RegularFile}, {@link #contents()} streams exactly its {@code size}
 * bytes; whatever the caller leaves unread is skipped by the following {@code next()}.
 *
 * <p>Only canonical NARs are accepted, so re-serializing the events with {@link NarWriter} gives
 * back the same bytes. Rejected, each as a {@link FormatException} with {@code offset} and
 * {@code path} context: bad magic; unknown or misplaced tokens; non-zero padding; an executable
 * marker with a value; entry names that are empty, {@code .}, {@code ..}, contain {@code /} or NUL,
 * are longer than 255 bytes, repeat, or are not in strictly increasing unsigned byte order;
 * symlink targets that are empty, contain NUL or are longer than 4095 bytes; directories nested
 * deeper than {@link Options#maxDepth()}; any length field reaching past
 * {@link Options#maxNarSize()}; end of input anywhere inside the NAR ({@code truncated NAR}); and
 * any byte after the root node.
 *
 * <p>Memory is bounded independently of the input: file contents are never buffered, a length is
 * checked against its limit before anything is allocated for it, and the directory stack holds at
 * most {@code maxDepth} frames of one name each. The reader does not close the stream; it may read
 * ahead up to 8 KiB, but never more than {@code maxNarSize} bytes plus the one byte that shows
 * whether the input ends there. Not thread-safe. After an exception the reader is unusable.
 */
public final class NarReader {

    /**
     * Limits for one NAR.
     *
     * @param maxNarSize the NAR's declared size (the narinfo's {@code NarSize}) or
     *     {@link Long#MAX_VALUE} when unknown: any field whose end would lie beyond it is rejected
     *     as soon as its length is read
     * @param maxDepth maximum number of nested directories, the root counting as one
     */
    public record Options(long maxNarSize, int maxDepth) {
        /** No size bound, directories nested at most 256 deep. */
        public static final Options DEFAULT = new Options(Long.MAX_VALUE, 256);

        public Options {
            if (maxNarSize < 0) {
                throw new IllegalArgumentException("maxNarSize must be >= 0: " + maxNarSize);
            }
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be >= 1: " + maxDepth);
            }
        }

        public Options withMaxNarSize(long narSize) {
            return new Options(narSize, maxDepth);
        }

        public Options withMaxDepth(int depth) {
            return new Options(maxNarSize, depth);
        }
    }

    private enum State { START, FILE_CONTENTS, NODE_DONE, IN_DIRECTORY, END, DONE, FAILED }

    /** An open directory and the name of its last child so far (null before the first). */
    private static final class Frame {
        final NarPath path;
        byte[] lastName;

        Frame(NarPath path) {
            this.path = path;
        }
    }

    private final NarInput in;
    private final Options options;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private State state = State.START;
    /** Path of the node being parsed, for error context. */
    private NarPath where = NarPath.ROOT;
    private long fileSize;
    private long remaining;
    private int generation;

    public NarReader(InputStream in) {
        this(in, Options.DEFAULT);
    }

    public NarReader(InputStream in, Options options) {
        this.in = new NarInput(in, options.maxNarSize());
        this.options = options;
    }

    /** Bytes of the NAR consumed so far. */
    public long offset() {
        return in.offset();
    }

    /**
     * The next entry, or null once the root node is complete and the input is confirmed to end
     * there.
     *
     * @throws FormatException if the NAR is malformed; context {@code offset} and {@code path}
     * @throws IOException if the underlying stream fails
     */
    public NarEntry next() throws IOException {
        try {
            return advance();
        } catch (FormatException e) {
            state = State.FAILED;
            e.with("path", where.toString());
            throw e;
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * The contents of the {@link RegularFile} just returned by {@link #next()}: exactly its
     * {@code size} bytes, then end of stream. Valid until the next call to {@code next()}.
     *
     * @throws IllegalStateException if the last entry returned was not a regular file
     */
    public InputStream contents() {
        if (state != State.FILE_CONTENTS) {
            throw new IllegalStateException("contents() is only available right after next() returned a RegularFile");
        }
        return new Contents(generation);
    }

    private NarEntry advance() throws IOException {
        while (true) {
            switch (state) {
                case START -> {
                    readMagic();
                    return node(NarPath.ROOT);
                }
                case FILE_CONTENTS -> {
                    in.skip(remaining);
                    remaining = 0;
                    in.readPadding(NarFormat.padding(fileSize));
                    expect(CLOSE);
                    state = State.NODE_DONE;
                }
                case NODE_DONE -> {
                    if (stack.isEmpty()) {
                        state = State.END;
                    } else {
                        where = stack.peek().path;
                        expect(CLOSE); // closes the "entry" of the node just finished
                        state = State.IN_DIRECTORY;
                    }
                }
                case IN_DIRECTORY -> {
                    return directoryItem();
                }
                case END -> {
                    if (!in.atEof()) {
                        throw new FormatException("trailing data after NAR", "offset", in.offset());
                    }
                    state = State.DONE;
                    return null;
                }
                case DONE -> {
                    return null;
                }
                case FAILED -> throw new IllegalStateException("NarReader already failed");
            }
        }
    }

    private void readMagic() throws IOException {
        long length = in.readU64();
        if (length != MAGIC.length()) {
            throw new FormatException("not a NAR: bad magic", "offset", 0, "length", Long.toUnsignedString(length));
        }
        checkLength(0, length, "token");
        byte[] magic = new byte[MAGIC.length()];
        in.readFully(magic, 0, magic.length);
        if (!MAGIC.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
            throw new FormatException("not a NAR: bad magic", "offset", 0, "got", NarNames.display(magic));
        }
        in.readPadding(NarFormat.padding(magic.length));
    }

    private NarEntry node(NarPath path) throws IOException {
        where = path;
        expect(OPEN);
        expect(TYPE);
        long typeOffset = in.offset();
        String type = keyword("file type");
        switch (type) {
            case REGULAR -> {
                boolean executable = false;
                long tagOffset = in.offset();
                String tag = keyword("'executable' or 'contents'");
                if (tag.equals(EXECUTABLE)) {
                    long markerOffset = in.offset();
                    long markerLength = in.readU64();
                    if (markerLength != 0) {
                        throw new FormatException("NAR executable marker has non-empty value",
                                "offset", markerOffset, "length", Long.toUnsignedString(markerLength));
                    }
                    checkLength(markerOffset, 0, "token");
                    executable = true;
                    tagOffset = in.offset();
                    tag = keyword("'contents'");
                }
                if (!tag.equals(CONTENTS)) {
                    throw unexpected(tagOffset, executable ? "'contents'" : "'executable' or 'contents'", tag);
                }
                long sizeOffset = in.offset();
                long size = in.readU64();
                checkLength(sizeOffset, size, "file size");
                fileSize = size;
                remaining = size;
                generation++;
                state = State.FILE_CONTENTS;
                return new RegularFile(path, executable, size, in.offset());
            }
            case SYMLINK -> {
                expect(TARGET);
                long targetOffset = in.offset();
                byte[] target = bytes(NarNames.MAX_TARGET_LENGTH, "symlink target");
                String reason = NarNames.invalidTargetReason(target);
                if (reason != null) {
                    throw new FormatException("invalid NAR symlink: " + reason, "offset", targetOffset,
                            "target", NarNames.display(target));
                }
                expect(CLOSE);
                state = State.NODE_DONE;
                return new Symlink(path, target);
            }
            case DIRECTORY -> {
                if (stack.size() >= options.maxDepth()) {
                    throw new FormatException("NAR directories nested too deep", "offset", typeOffset,
                            "maxDepth", options.maxDepth());
                }
                stack.push(new Frame(path));
                state = State.IN_DIRECTORY;
                return new Directory(path);
            }
            default -> throw new FormatException("unknown NAR file type", "offset", typeOffset,
                    "type", NarNames.display(type.getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    /** In a directory: the next child (after its entry header) or the directory's end. */
    private NarEntry directoryItem() throws IOException {
        Frame dir = stack.peek();
        where = dir.path;
        long tagOffset = in.offset();
        String tag = keyword("'entry' or ')'");
        if (tag.equals(CLOSE)) {
            stack.pop();
            state = State.NODE_DONE;
            return new EndDirectory(dir.path);
        }
        if (!tag.equals(ENTRY)) {
            throw unexpected(tagOffset, "'entry' or ')'", tag);
        }
        expect(OPEN);
        expect(NAME);
        long nameOffset = in.offset();
        byte[] name = bytes(NarNames.MAX_NAME_LENGTH, "entry name");
        String reason = NarNames.invalidNameReason(name, 0, name.length);
        if (reason != null) {
            throw new FormatException("invalid NAR entry name: " + reason, "offset", nameOffset,
                    "name", NarNames.display(name));
        }
        if (dir.lastName != null) {
            int order = Arrays.compareUnsigned(name, dir.lastName);
            if (order == 0) {
                throw new FormatException("duplicate NAR entry name", "offset", nameOffset,
                        "name", NarNames.display(name));
            }
            if (order < 0) {
                throw new FormatException("NAR directory entries not sorted", "offset", nameOffset,
                        "name", NarNames.display(name), "previous", NarNames.display(dir.lastName));
            }
        }
        dir.lastName = name;
        where = dir.path.resolve(name);
        expect(NODE);
        return node(where);
    }

    /** Reads a keyword token; a token longer than any keyword is rejected without reading it. */
    private String keyword(String expected) throws IOException {
        long start = in.offset();
        long length = in.readU64();
        if (Long.compareUnsigned(length, MAX_KEYWORD_LENGTH) > 0) {
            throw new FormatException("unexpected NAR token", "offset", start, "expected", expected,
                    "length", Long.toUnsignedString(length));
        }
        checkLength(start, length, "token");
        byte[] b = new byte[(int) length];
        in.readFully(b, 0, b.length);
        in.readPadding(NarFormat.padding(length));
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private void expect(String token) throws IOException {
        long start = in.offset();
        String got = keyword("'" + token + "'");
        if (!got.equals(token)) {
            throw unexpected(start, "'" + token + "'", got);
        }
    }

    private static FormatException unexpected(long offset, String expected, String got) {
        return new FormatException("unexpected NAR token", "offset", offset, "expected", expected,
                "got", "'" + NarNames.display(got.getBytes(StandardCharsets.ISO_8859_1)) + "'");
    }

    /** Reads a string of at most {@code max} bytes; the length is checked before allocating. */
    private byte[] bytes(int max, String what) throws IOException {
        long start = in.offset();
        long length = in.readU64();
        if (Long.compareUnsigned(length, max) > 0) {
            throw new FormatException("NAR " + what + " too long", "offset", start,
                    "length", Long.toUnsignedString(length), "max", max);
        }
        checkLength(start, length, what);
        byte[] b = new byte[(int) length];
        in.readFully(b, 0, b.length);
        in.readPadding(NarFormat.padding(length));
        return b;
    }

    /**
     * Checks that a string of {@code length} bytes (plus padding) whose length field starts at
     * {@code fieldOffset} ends within {@code maxNarSize}, without overflow.
     */
    private void checkLength(long fieldOffset, long length, String what) {
        long dataStart = fieldOffset + 8;
        long room = options.maxNarSize() - dataStart;
        if (length < 0 || length > room || length + NarFormat.padding(length) > room) {
            if (options.maxNarSize() == Long.MAX_VALUE) {
                throw new FormatException("NAR " + what + " out of range", "offset", fieldOffset,
                        "length", Long.toUnsignedString(length));
            }
            throw new FormatException("NAR " + what + " exceeds declared NarSize", "offset", fieldOffset,
                    "length", Long.toUnsignedString(length), "maxNarSize", options.maxNarSize());
        }
    }

    /** The contents of one regular file; reads fail once the reader has moved past it. */
    private final class Contents extends InputStream {
        private final int gen;
        private final byte[] one = new byte[1];

        Contents(int gen) {
            this.gen = gen;
        }

        private void checkCurrent() {
            if (gen != generation || state != State.FILE_CONTENTS) {
                throw new IllegalStateException("contents stream used after NarReader.next()");
            }
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            checkCurrent();
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n;
            try {
                n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new FormatException("truncated NAR", "offset", in.offset(), "needed", remaining);
                }
            } catch (FormatException e) {
                state = State.FAILED;
                e.with("path", where.toString());
                throw e;
            }
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            checkCurrent();
            long k = Math.min(Math.max(n, 0), remaining);
            try {
                in.skip(k);
            } catch (FormatException e) {
                state = State.FAILED;
                e.with("path", where.toString());
                throw e;
            }
            remaining -= k;
            return k;
        }

        @Override
        public int available() {
            checkCurrent();
            return (int) Math.min(remaining, in.buffered());
        }
    }
}
