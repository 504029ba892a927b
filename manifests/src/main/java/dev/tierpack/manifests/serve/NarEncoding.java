package dev.tierpack.manifests.serve;

import dev.tierpack.core.compress.Compressors;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How a NAR is sent: its URL suffix, the narinfo {@code Compression} value, and the on-the-fly encoder. Each encoder
 * owns its target: closing it finishes the compressed stream and closes the target.
 */
public enum NarEncoding {
    /** The NAR as is. */
    NONE(".nar", "none"),
    /** One zstd frame with a content checksum, compressed on the fly. */
    ZSTD(".nar.zst", "zstd"),
    /** An xz stream with CRC64, compressed on the fly (legacy {@code .nar.xz} URLs). */
    XZ(".nar.xz", "xz");

    private final String suffix;
    private final String compression;

    NarEncoding(String suffix, String compression) {
        this.suffix = suffix;
        this.compression = compression;
    }

    /** The URL suffix after the hash, e.g. {@code .nar.zst}. */
    public String suffix() {
        return suffix;
    }

    /** The narinfo {@code Compression} value. */
    public String compression() {
        return compression;
    }

    /** The encoding for a URL suffix, or null. */
    static NarEncoding ofSuffix(String suffix) {
        for (NarEncoding e : values()) {
            if (e.suffix.equals(suffix)) {
                return e;
            }
        }
        return null;
    }

    /** An encoder writing to {@code target}. */
    OutputStream encoder(OutputStream target, int zstdLevel, int xzPreset) {
        return switch (this) {
            case NONE -> new FilterOutputStream(target) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            };
            case ZSTD -> Compressors.zstd(target, zstdLevel);
            case XZ -> Compressors.xz(target, xzPreset);
        };
    }
}
