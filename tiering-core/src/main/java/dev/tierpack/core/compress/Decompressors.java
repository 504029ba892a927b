package dev.tierpack.core.compress;

import dev.tierpack.core.error.FormatException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Opens streaming decoders for the compressions a Nix binary cache uses.
 *
 * <p>Every decoder streams with bounded memory (never the whole object), does no I/O until the
 * first read, and owns the compressed source (closing the decoder closes it). Bad input never
 * yields short data: a truncated, corrupt or empty stream, a wrong magic, or any bytes after the
 * end of the compressed data (beyond what the format's own tool accepts: concatenated xz streams
 * and xz stream padding, concatenated bzip2 streams, concatenated and skippable zstd frames) makes
 * a read throw {@link FormatException} {@code "<codec>: <reason>"} with {@code object=<objectName>}
 * and a {@code detail}, e.g. {@code xz: truncated stream: object=nar/1fss….nar.xz offset=… detail=…}.
 * The first such exception is sticky. I/O errors of the source propagate unchanged.
 *
 * <p>Memory: fixed buffers plus the codec's window, which the stream declares: for xz the
 * dictionary (8 MiB for {@code xz -6}, Nix's default; no memory limit is set, as with
 * {@code xz -dc}), for zstd the frame's window, for bzip2 at most 900 kB blocks, for brotli at most
 * 16 MiB.
 *
 * <p>Corruption is detected as far as the format allows: xz has a CRC64 per block (as Nix writes),
 * bzip2 a CRC32 per block, zstd a checksum only if the frame has one, brotli none; a flipped byte in
 * stored (incompressible) data of a zstd frame without checksum or of a brotli stream decodes to
 * wrong bytes, which the NAR hash check downstream catches.
 *
 * <ul>
 *   <li>{@link Compression#XZ}: the decoder chosen by {@link XzBackend#selected()} (native liblzma by default);
 *   <li>{@link Compression#BZIP2}: commons-compress, concatenated streams;
 *   <li>{@link Compression#ZSTD}: zstd-jni;
 *   <li>{@link Compression#BR}: org.brotli.dec;
 *   <li>{@link Compression#NONE}: the source itself.
 * </ul>
 */
public final class Decompressors {
    private Decompressors() {}

    /** The decompressed content of {@code compressed}; {@code objectName} (e.g. the S3 key) is named in errors. */
    public static InputStream open(Compression compression, InputStream compressed, String objectName) {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(compressed, "compressed");
        Objects.requireNonNull(objectName, "objectName");
        return switch (compression) {
            case XZ -> XzBackend.selected().open(compressed, objectName);
            case BZIP2 -> JavaCodecs.bzip2(compressed, objectName);
            case ZSTD -> JavaCodecs.zstd(compressed, objectName);
            case BR -> JavaCodecs.brotli(compressed, objectName);
            case NONE -> compressed;
        };
    }
}
