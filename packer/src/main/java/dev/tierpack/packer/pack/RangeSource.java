package dev.tierpack.packer.pack;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Byte ranges of one stored object: a range GET on a tier, a file, or an array. The returned stream yields the
 * bytes {@code [offset, offset + length)}, fewer if the object ends first; the caller closes it.
 */
@FunctionalInterface
public interface RangeSource {
    InputStream open(long offset, long length) throws IOException;

    /** Ranges of an in-memory object. */
    static RangeSource of(byte[] bytes) {
        return (offset, length) -> {
            int from = (int) Math.min(Math.max(offset, 0), bytes.length);
            int to = (int) Math.min(bytes.length, from + Math.max(length, 0));
            return new ByteArrayInputStream(bytes, from, to - from);
        };
    }

    /** Ranges of a file, read on demand. */
    static RangeSource of(Path file) {
        return (offset, length) -> {
            InputStream in = Files.newInputStream(file);
            try {
                in.skipNBytes(offset);
            } catch (java.io.EOFException e) {
                in.close();
                return InputStream.nullInputStream();
            }
            return new FilterInputStream(in) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        };
    }
}
