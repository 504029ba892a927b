package dev.tierpack.core.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Streaming encoders, for generating sample caches and serving legacy {@code .nar.xz} URLs.
 * Each returned stream owns its target: {@code close()} finishes the compressed stream and closes
 * the target. Output is standard: {@code xz -dc} and {@code zstd -dc} decode it.
 */
public final class Compressors {
    private Compressors() {}

    /**
     * An {@code .xz} encoder with the given preset (0-9; Nix uses 6) and a CRC64 check, as Nix
     * writes: native liblzma ({@code lzma_easy_encoder}) when available, whose output is the
     * {@code xz} tool's and whose state lives off the Java heap, else org.tukaani
     * {@link XZOutputStream} (about as fast: 0.93x-1.12x of native, see docs/BENCHMARKS.md).
     * {@code -Dtierpack.xz=java} forces the Java encoder. Memory is the preset's (about 94 MiB at
     * 6, 674 MiB at 9).
     */
    public static OutputStream xz(OutputStream target, int preset) {
        Objects.requireNonNull(target, "target");
        checkXzPreset(preset);
        if (NativeXz.isAvailable() && !"java".equalsIgnoreCase(System.getProperty(XzBackend.PROPERTY))) {
            return NativeXz.encoder(target, preset);
        }
        return javaXz(target, preset);
    }

    static OutputStream javaXz(OutputStream target, int preset) {
        try {
            return new XZOutputStream(target, new LZMA2Options(preset), XZ.CHECK_CRC64);
        } catch (UnsupportedOptionsException e) {
            throw new IllegalArgumentException("xz preset " + preset, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zstd encoder at {@code level} (1-22; 3 is zstd's default) writing one frame with a content checksum. */
    public static OutputStream zstd(OutputStream target, int level) {
        Objects.requireNonNull(target, "target");
        if (level < 1 || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level must be 1.." + Zstd.maxCompressionLevel() + ": " + level);
        }
        try {
            ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(target, level);
            out.setChecksum(true);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void checkXzPreset(int preset) {
        if (preset < 0 || preset > 9) {
            throw new IllegalArgumentException("xz preset must be 0..9: " + preset);
        }
    }
}
