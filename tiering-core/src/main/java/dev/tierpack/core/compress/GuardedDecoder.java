package dev.tierpack.core.compress;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Puts a Java decoder library behind tierpack's error contract: the decoder is created on the
 * first read (so opening never does I/O), every failure of the decoder becomes a
 * {@link FormatException} {@code <codec>: <reason>} naming the object, the first failure is sticky
 * (later reads rethrow it rather than return short data), an empty source is an error, and
 * failures of the source itself propagate unchanged.
 */
final class GuardedDecoder extends DecoderStream {

    /** Builds the library's decoder on the tracked source. */
    @FunctionalInterface
    interface Opener {
        InputStream open(InputStream source) throws IOException;
    }

    /** Names the reason of a decoder failure, e.g. {@code truncated stream}. */
    @FunctionalInterface
    interface Classifier {
        String reason(Exception e);
    }

    private final String codec;
    private final SourceTracker source;
    private final String objectName;
    private final Opener opener;
    private final Classifier classifier;
    private InputStream decoder;

    GuardedDecoder(String codec, InputStream source, String objectName, Opener opener, Classifier classifier) {
        SourceTracker tracked = new SourceTracker(Objects.requireNonNull(source, "source"));
        super(codec, tracked);
        this.codec = codec;
        this.source = tracked;
        this.objectName = Objects.requireNonNull(objectName, "objectName");
        this.opener = opener;
        this.classifier = classifier;
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        try {
            if (decoder == null) {
                decoder = opener.open(source);
            }
            int n = decoder.read(b, off, len);
            if (n < 0) {
                if (source.bytesRead() == 0) {
                    throw fail("empty stream", null); // no codec here has a valid zero-byte encoding
                }
            }
            return n;
        } catch (TierpackException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            Throwable own = source.sourceFailureIn(e);
            if (own instanceof IOException io) {
                throw io;
            } else if (own instanceof RuntimeException re) {
                throw re;
            }
            throw fail(classifier.reason(e), e);
        }
    }

    @Override
    public int available() throws IOException {
        return decoder == null || !usable() ? 0 : decoder.available();
    }

    private FormatException fail(String reason, Exception cause) {
        if (source.bytesRead() == 0 && source.sawEof()) {
            reason = "empty stream";
        }
        String detail = cause == null ? null : deepestMessage(cause);
        FormatException failure = failed(detail == null
                ? new FormatException(codec + ": " + reason, cause, "object", objectName, "read", source.bytesRead())
                : new FormatException(codec + ": " + reason, cause, "object", objectName, "read", source.bytesRead(), "detail", detail));
        releaseDecoder(failure);
        return failure;
    }

    /** Frees the decoder's resources (native contexts, buffers) at the first error; the source stays open until close. */
    private void releaseDecoder(FormatException failure) {
        InputStream d = decoder;
        decoder = null;
        if (d != null) {
            try {
                d.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    static String deepestMessage(Throwable t) {
        String msg = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                msg = c.getMessage();
            }
        }
        return msg == null ? t.getClass().getSimpleName() : msg;
    }

    @Override
    void release() throws IOException {
        if (decoder != null) {
            decoder.close();
        }
    }
}
