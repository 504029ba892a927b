package dev.tierpack.core.error;

/** Input that does not follow a format tierpack reads (narinfo, NAR, store path, hash, compressed stream, pack, index, manifest). The data is rejected; it is never repaired. */
public class FormatException extends TierpackException {
    public FormatException(String what, Object... keyValues) {
        super(what, keyValues);
    }

    public FormatException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
