package dev.tierpack.core.nar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds NAR bytes token by token, including malformed ones, independently of {@link NarWriter}. */
final class RawNar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RawNar u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    RawNar raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    /** A NAR string: length, bytes, zero padding to a multiple of 8. */
    RawNar str(byte[] b) {
        u64(b.length);
        out.writeBytes(b);
        out.writeBytes(new byte[(8 - b.length % 8) % 8]);
        return this;
    }

    RawNar str(String s) {
        return str(s.getBytes(StandardCharsets.UTF_8));
    }

    RawNar magic() {
        return str("nix-archive-1");
    }

    /** {@code ( type directory}: a directory node up to its first entry. */
    RawNar dir() {
        return str("(").str("type").str("directory");
    }

    /** {@code entry ( name <name> node}: an entry header; the node follows, then {@link #close()} twice. */
    RawNar entry(byte[] name) {
        return str("entry").str("(").str("name").str(name).str("node");
    }

    RawNar entry(String name) {
        return entry(name.getBytes(StandardCharsets.UTF_8));
    }

    /** A complete regular-file node. */
    RawNar file(String contents, boolean executable) {
        str("(").str("type").str("regular");
        if (executable) {
            str("executable").str("");
        }
        return str("contents").str(contents).str(")");
    }

    /** A complete symlink node. */
    RawNar symlink(String target) {
        return str("(").str("type").str("symlink").str("target").str(target).str(")");
    }

    RawNar close() {
        return str(")");
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
