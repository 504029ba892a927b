package dev.tierpack.core.nar;

/** Tokens and arithmetic of the NAR wire format, shared by the reader and the writer. */
final class NarFormat {
    static final String MAGIC = "nix-archive-1";
    static final String OPEN = "(";
    static final String CLOSE = ")";
    static final String TYPE = "type";
    static final String REGULAR = "regular";
    static final String SYMLINK = "symlink";
    static final String DIRECTORY = "directory";
    static final String EXECUTABLE = "executable";
    static final String CONTENTS = "contents";
    static final String TARGET = "target";
    static final String ENTRY = "entry";
    static final String NAME = "name";
    static final String NODE = "node";

    /** Longest keyword token ({@code nix-archive-1}); a longer token where a keyword belongs is rejected unread. */
    static final int MAX_KEYWORD_LENGTH = MAGIC.length();

    private NarFormat() {}

    /** Zero bytes that follow a string of {@code length} bytes to reach a multiple of 8. */
    static int padding(long length) {
        return (int) (-length & 7);
    }
}
