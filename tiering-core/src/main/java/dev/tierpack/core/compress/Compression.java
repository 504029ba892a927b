package dev.tierpack.core.compress;

import dev.tierpack.core.error.FormatException;
import java.util.Objects;

/**
 * The compression of a NAR as named in a narinfo's {@code Compression:} field.
 *
 * <p>Names are matched exactly (Nix writes them in lower case). A narinfo <em>without</em> a
 * {@code Compression:} field means {@link #BZIP2} (the historical Nix default); that default is
 * applied by the narinfo parser, not here: {@link #fromNarInfo(String)} only maps names.
 */
public enum Compression {
    XZ("xz", ".xz"),
    BZIP2("bzip2", ".bz2"),
    ZSTD("zstd", ".zst"),
    NONE("none", ""),
    BR("br", ".br");

    private final String narInfoName;
    private final String fileExtension;

    Compression(String narInfoName, String fileExtension) {
        this.narInfoName = narInfoName;
        this.fileExtension = fileExtension;
    }

    /** The value of the narinfo {@code Compression:} field, e.g. {@code xz}. */
    public String narInfoName() {
        return narInfoName;
    }

    /** The suffix Nix appends to {@code nar/<hash>.nar} for this compression, e.g. {@code .xz}; empty for {@link #NONE}. */
    public String fileExtension() {
        return fileExtension;
    }

    /**
     * Maps a narinfo {@code Compression:} value to the enum.
     *
     * @throws FormatException naming the value if it is not one of {@code xz, bzip2, zstd, none, br}
     */
    public static Compression fromNarInfo(String value) {
        Objects.requireNonNull(value, "value");
        for (Compression c : values()) {
            if (c.narInfoName.equals(value)) {
                return c;
            }
        }
        throw new FormatException("unknown compression", "compression", value);
    }

    @Override
    public String toString() {
        return narInfoName;
    }
}
