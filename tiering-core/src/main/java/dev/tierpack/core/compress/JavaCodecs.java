package dev.tierpack.core.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.brotli.dec.BrotliInputStream;
import org.tukaani.xz.CorruptedInputException;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZFormatException;
import org.tukaani.xz.XZInputStream;

/**
 * Decoders from Java libraries (pure Java, or JNI for zstd), each behind a {@link GuardedDecoder}.
 * Reasons are normalised so callers and tests see the same words for every codec:
 * {@code truncated stream}, {@code trailing garbage}, {@code corrupt data}, {@code not a <codec> stream},
 * {@code empty stream}; the library's own message goes to the {@code detail} key.
 */
final class JavaCodecs {
    private static final int SOURCE_BUFFER = 64 * 1024;

    private JavaCodecs() {}

    /**
     * org.tukaani {@link XZInputStream}: accepts concatenated streams and stream padding like
     * {@code xz -dc}. Reasons use liblzma's names so both xz decoders report alike.
     */
    static InputStream xz(InputStream source, String objectName) {
        return new GuardedDecoder("xz", source, objectName,
                s -> new XZInputStream(new BufferedInputStream(s, SOURCE_BUFFER), (int) (Liblzma.DECODER_MEMLIMIT >> 10)),
                JavaCodecs::xzReason);
    }

    /** commons-compress, concatenated streams accepted (as {@code bzip2 -dc}); data after the last stream is an error. */
    static InputStream bzip2(InputStream source, String objectName) {
        return new GuardedDecoder("bzip2", source, objectName,
                s -> new BZip2CompressorInputStream(new BufferedInputStream(s, SOURCE_BUFFER), true),
                e -> {
                    String m = message(e);
                    if (m.contains("unexpected end")) {
                        return "truncated stream";
                    } else if (m.contains("not in the bzip2 format")) {
                        return "not a bzip2 stream";
                    } else if (m.contains("after a valid bzip2 stream")) {
                        return "trailing garbage";
                    }
                    return "corrupt data";
                });
    }

    /**
     * zstd-jni {@link ZstdInputStreamNoFinalizer} (not continuous, so a truncated frame is an error,
     * never a short read); concatenated and skippable frames accepted, anything else after a frame is an error.
     */
    static InputStream zstd(InputStream source, String objectName) {
        return new GuardedDecoder("zstd", source, objectName,
                ZstdInputStreamNoFinalizer::new,
                e -> message(e).contains("truncated") ? "truncated stream" : "corrupt data");
    }

    /**
     * org.brotli.dec {@link BrotliInputStream}; data after the final meta-block is an error. Brotli
     * has no integrity check, and a cut stream often fails as some other decoding error (the
     * decoder reads zero bits past the end), so truncation may be reported as {@code corrupt data}.
     */
    static InputStream brotli(InputStream source, String objectName) {
        return new GuardedDecoder("br", source, objectName,
                BrotliInputStream::new,
                e -> {
                    String m = GuardedDecoder.deepestMessage(e).toLowerCase(Locale.ROOT);
                    if (m.contains("no more input")) {
                        return "truncated stream";
                    } else if (m.contains("unused bytes after end")) {
                        return "trailing garbage";
                    }
                    return "corrupt data";
                });
    }

    private static String xzReason(Exception e) {
        return switch (e) {
            case EOFException _ -> "truncated stream";
            case XZFormatException _ -> "LZMA_FORMAT_ERROR";
            case UnsupportedOptionsException _ -> "LZMA_OPTIONS_ERROR";
            case MemoryLimitException _ -> "LZMA_MEMLIMIT_ERROR";
            case CorruptedInputException _ -> "LZMA_DATA_ERROR";
            default -> "LZMA_DATA_ERROR";
        };
    }

    private static String message(Exception e) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    }
}
