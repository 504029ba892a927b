package dev.tierpack.packer.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.packer.format.Codec;

/**
 * Compresses and decompresses one segment as one unit (FORMAT.md 3.2). zstd output is a single frame with the
 * content size and the frame checksum. Decompression accepts exactly that: one frame, content size present and
 * equal to the expected raw length, checksum present and correct. Stateless apart from its parameters.
 */
public final class SegmentCodec {
    private static final int ZSTD_MAGIC = 0xFD2FB528;
    private static final int ZSTD_MIN_FRAME = 4 + 1 + 3; // magic, descriptor, one empty block header
    private static final int CHECKSUM_FLAG = 0x04;

    private final SegmentCompression compression;

    public SegmentCodec(SegmentCompression compression) {
        this.compression = compression;
    }

    public SegmentCompression compression() {
        return compression;
    }

    /** Upper bound of {@link #compress}'s output for {@code rawLength} input bytes. */
    public int maxStoredLength(int rawLength) {
        if (compression.codec() == Codec.NONE) {
            return rawLength;
        }
        long bound = Zstd.compressBound(rawLength);
        if (bound > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("segment too large to compress: " + rawLength);
        }
        return (int) bound;
    }

    /**
     * Compresses {@code raw[off, off + len)} into {@code dst} (at least {@link #maxStoredLength} bytes) and returns
     * the stored length.
     */
    public int compress(byte[] raw, int off, int len, byte[] dst) {
        if (compression.codec() == Codec.NONE) {
            System.arraycopy(raw, off, dst, 0, len);
            return len;
        }
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            return compress(raw, off, len, dst, ctx);
        }
    }

    /**
     * {@link #compress(byte[], int, int, byte[])} with a caller-owned zstd context, reset to this codec's parameters
     * first, so that one context serves many segments (its tables are set up once); the output is the same bytes.
     */
    public int compress(byte[] raw, int off, int len, byte[] dst, ZstdCompressCtx ctx) {
        if (compression.codec() == Codec.NONE) {
            System.arraycopy(raw, off, dst, 0, len);
            return len;
        }
        ctx.reset();
        ctx.setLevel(compression.level()).setChecksum(true).setContentSize(true);
        if (compression.longDistanceMatching()) {
            ctx.setLong(compression.windowLog());
        } else if (compression.windowLog() != 0) {
            ctx.setWindowLog(compression.windowLog());
        }
        return ctx.compressByteArray(dst, 0, dst.length, raw, off, len);
    }

    /**
     * Decodes {@code stored[off, off + len)} stored with {@code codec} into exactly {@code rawLength} bytes.
     *
     * @throws FormatException not a single zstd frame with content size and checksum, or a wrong content size
     * @throws IntegrityException the zstd data or its checksum is corrupt
     */
    public static byte[] decompress(Codec codec, byte[] stored, int off, int len, int rawLength) {
        if (codec == Codec.NONE) {
            if (len != rawLength) {
                throw new FormatException("stored segment length differs from raw length", "length", len, "rawLength", rawLength);
            }
            byte[] out = new byte[len];
            System.arraycopy(stored, off, out, 0, len);
            return out;
        }
        checkZstdFrame(stored, off, len, rawLength);
        byte[] out = new byte[rawLength];
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            int n = ctx.decompressByteArray(out, 0, rawLength, stored, off, len);
            if (n != rawLength) {
                throw new IntegrityException("zstd segment decoded to the wrong length", "length", n, "rawLength", rawLength);
            }
        } catch (ZstdException e) {
            throw new IntegrityException("corrupt zstd segment", e, "reason", e.getMessage());
        }
        return out;
    }

    private static void checkZstdFrame(byte[] b, int off, int len, int rawLength) {
        if (len < ZSTD_MIN_FRAME) {
            throw new FormatException("zstd segment too short", "length", len);
        }
        int magic = (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
        if (magic != ZSTD_MAGIC) {
            throw new FormatException("segment is not a zstd frame", "magic", Integer.toHexString(magic));
        }
        if ((b[off + 4] & CHECKSUM_FLAG) == 0) {
            throw new FormatException("zstd segment frame has no checksum");
        }
        long contentSize = Zstd.getFrameContentSize(b, off, len);
        if (contentSize < 0) {
            throw new FormatException("zstd segment frame has no content size", "code", contentSize);
        }
        if (contentSize != rawLength) {
            throw new FormatException("zstd segment content size differs from raw length",
                    "contentSize", contentSize, "rawLength", rawLength);
        }
        long frameSize = Zstd.findFrameCompressedSize(b, off, len);
        if (Zstd.isError(frameSize)) {
            throw new IntegrityException("corrupt zstd segment", "reason", Zstd.getErrorName(frameSize));
        }
        if (frameSize != len) {
            throw new FormatException("zstd segment is not exactly one frame", "frameLength", frameSize, "length", len);
        }
    }
}
