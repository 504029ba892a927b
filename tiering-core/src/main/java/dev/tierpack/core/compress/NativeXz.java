package dev.tierpack.core.compress;

import dev.tierpack.core.error.FormatException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * {@code .xz} through the system liblzma ({@code liblzma.so.5}, XZ Utils) called with the Foreign
 * Function &amp; Memory API ({@code java.lang.foreign}).
 *
 * <p><b>Why native.</b> xz decoding is the bottleneck of a migration: every NAR of the source cache
 * is an {@code .nar.xz} that must be decompressed to be chunked. The pure-Java decoder
 * ({@code org.tukaani:xz}) runs at 0.62x-0.80x of {@code xz -dc}; liblzma through FFM is the very
 * code {@code xz -dc} runs, with one downcall per 128 KiB of output and two memcpy's, so it
 * decodes at the speed of the command line tool (0.99x on 141 MB of corpus NARs, above 1x on single
 * NARs; see {@code docs/BENCHMARKS.md}, "xz decoding") without a process per object. The pure-Java decoder stays as the fallback when the library
 * cannot be loaded or native access is denied ({@link XzBackend}).
 *
 * <p>Guarantees: streaming with bounded memory (a 64 KiB native input buffer, a 128 KiB native
 * output buffer, liblzma's state); exactly the inputs {@code xz -dc} accepts (concatenated streams,
 * stream padding in multiples of four zero bytes; anything else after a stream is an error);
 * {@code lzma_end} is called exactly once per stream, on close, on the first error, or by a
 * cleaner if a stream is abandoned; the JVM should run with {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class NativeXz {
    static final int DECODER_IN_BUFFER = 64 * 1024;
    static final int DECODER_OUT_BUFFER = 128 * 1024;
    static final int ENCODER_BUFFER = 64 * 1024;

    private NativeXz() {}

    /** True if liblzma was loaded and all needed symbols were bound. */
    public static boolean isAvailable() {
        return Liblzma.AVAILABLE;
    }

    /** Why the native library is not available, if it is not. */
    public static Optional<String> unavailableReason() {
        return Liblzma.AVAILABLE ? Optional.empty() : Optional.of(String.valueOf(Liblzma.FAILURE));
    }

    /** The loaded liblzma's version string, e.g. {@code 5.4.1}. */
    public static Optional<String> version() {
        return Optional.ofNullable(Liblzma.VERSION);
    }

    /**
     * A streaming decoder of {@code compressed}, which the returned stream owns (closing it closes
     * the source). Reads throw {@link FormatException} naming {@code objectName} on corrupt,
     * truncated or trailing data.
     *
     * @throws IllegalStateException if liblzma is not available (the source is then closed)
     */
    public static InputStream decoder(InputStream compressed, String objectName) {
        return decoder(compressed, objectName, DECODER_IN_BUFFER, DECODER_OUT_BUFFER);
    }

    static InputStream decoder(InputStream compressed, String objectName, int inBuffer, int outBuffer) {
        try {
            return new NativeXzInputStream(compressed, objectName, inBuffer, outBuffer);
        } catch (RuntimeException | Error e) {
            closeQuietly(compressed, e);
            throw e;
        }
    }

    /**
     * A streaming {@code .xz} encoder (preset 0-9, CRC64 check) writing to {@code target}, which
     * the returned stream owns: {@code close()} finishes the stream and closes the target.
     *
     * @throws IllegalStateException if liblzma is not available
     */
    public static OutputStream encoder(OutputStream target, int preset) {
        Compressors.checkXzPreset(preset);
        return new NativeXzOutputStream(target, preset, ENCODER_BUFFER);
    }

    static void closeQuietly(AutoCloseable c, Throwable primary) {
        try {
            c.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
