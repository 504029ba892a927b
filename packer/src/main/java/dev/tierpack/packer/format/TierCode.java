package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;

/** The storage tier a pack is placed on (FORMAT.md section 1). Codes are stable forever. */
public enum TierCode {
    WARM(1),
    COLD(2);

    private final int code;

    TierCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The tier with this code; unknown codes are a {@link FormatException} naming the code. */
    public static TierCode fromCode(int code) {
        for (TierCode t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new FormatException("unknown tier code", "tier", code);
    }
}
