package dev.tierpack.core.compress;

import dev.tierpack.core.error.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Streaming {@code .xz} decoder on liblzma. Reads the compressed source in chunks of the native
 * input buffer, decodes into the native output buffer and copies out on demand, so memory is the
 * two buffers plus liblzma's state (dominated by the dictionary the stream declares: 8 MiB for
 * {@code xz -6}, the Nix default).
 *
 * <p>Errors surface as {@link FormatException} {@code xz: <lzma_ret name>} (or
 * {@code xz: truncated stream}) with the object name, the compressed offset reached, and the
 * meaning; the native state is released at the first error, and every later read throws the same
 * exception. I/O errors of the source propagate unchanged. Closing closes the source.
 */
final class NativeXzInputStream extends DecoderStream {
    private final InputStream source;
    private final String objectName;
    private final LzmaStream lzma;
    private final byte[] staging;
    private int outPos;
    private int outLimit;
    private long sourceBytes;
    private boolean inputEof;
    private boolean streamEnd;

    NativeXzInputStream(InputStream source, String objectName, int inBufferSize, int outBufferSize) {
        super("xz", source);
        this.source = source;
        this.objectName = Objects.requireNonNull(objectName, "objectName");
        this.lzma = LzmaStream.decoder(inBufferSize, outBufferSize);
        this.staging = new byte[inBufferSize];
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        while (outPos == outLimit) {
            if (streamEnd) {
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(len, outLimit - outPos);
        lzma.copyOut(outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public int available() {
        return outLimit - outPos;
    }

    private void decodeMore() throws IOException {
        if (!inputEof && lzma.availIn() == 0) {
            int n = source.read(staging, 0, staging.length);
            if (n < 0) {
                inputEof = true;
            } else if (n == 0) {
                return; // nothing new: do not ask liblzma for progress it cannot make
            } else {
                sourceBytes += n;
                lzma.setInput(staging, 0, n);
            }
        }
        int ret = lzma.code(inputEof ? Liblzma.LZMA_FINISH : Liblzma.LZMA_RUN);
        outPos = 0;
        outLimit = lzma.produced();
        switch (ret) {
            case Liblzma.LZMA_OK -> { }
            case Liblzma.LZMA_STREAM_END -> streamEnd = true;
            case Liblzma.LZMA_BUF_ERROR -> throw fail(inputEof ? "xz: truncated stream" : "xz: LZMA_BUF_ERROR",
                    inputEof ? "unexpected end of input" : Liblzma.retMeaning(ret));
            default -> throw fail("xz: " + Liblzma.retName(ret), Liblzma.retMeaning(ret));
        }
    }

    private FormatException fail(String what, String detail) throws IOException {
        long offset = lzma.totalIn();
        if (inputEof && sourceBytes == 0) {
            what = "xz: empty stream";
            detail = "no input";
        }
        FormatException failure = failed(new FormatException(what, "object", objectName, "offset", offset, "detail", detail));
        outPos = outLimit = 0;
        lzma.close();
        return failure;
    }

    /** Compressed bytes consumed so far (liblzma {@code total_in}); for tests and diagnostics. */
    long compressedBytesConsumed() throws IOException {
        return lzma.totalIn();
    }

    /** Decompressed bytes produced so far (liblzma {@code total_out}); for tests and diagnostics. */
    long decompressedBytesProduced() throws IOException {
        return lzma.totalOut();
    }

    boolean nativeStateReleased() {
        return lzma.isClosed();
    }

    @Override
    void release() {
        lzma.close();
    }
}
