package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;

/** What a pack holds (FORMAT.md section 1). Codes are stable forever. */
public enum ContentCode {
    DATA(1),
    MANIFESTS(2);

    private final int code;

    ContentCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The content kind with this code; unknown codes are a {@link FormatException} naming the code. */
    public static ContentCode fromCode(int code) {
        for (ContentCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new FormatException("unknown content code", "content", code);
    }
}
