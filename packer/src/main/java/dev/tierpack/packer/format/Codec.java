package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;

/** How a segment's raw bytes are stored (FORMAT.md section 1). Codes are stable forever. */
public enum Codec {
    /** Stored as is: stored bytes = raw bytes. */
    NONE(0),
    /** One zstd frame with content size and frame checksum. */
    ZSTD(1);

    private final int code;

    Codec(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The codec with this code; unknown codes are a {@link FormatException} naming the code. */
    public static Codec fromCode(int code) {
        for (Codec c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new FormatException("unknown codec code", "codec", code);
    }
}
