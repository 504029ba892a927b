package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;

/**
 * An object carries a valid magic but a format version this reader does not know. Archival data outlives code,
 * so this is never "corrupt": it names the object, its kind and the version, and a newer reader is needed.
 */
public class UnsupportedFormatVersionException extends FormatException {
    private final int version;

    public UnsupportedFormatVersionException(String kind, int version, Object... keyValues) {
        super("unsupported " + kind + " format version", keyValues);
        this.version = version;
        with("version", version);
    }

    /** The version found in the object. */
    public int version() {
        return version;
    }
}
