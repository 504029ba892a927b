package dev.tierpack.core.error;

/** The source bucket or directory could not be listed or read (missing object, access denied, I/O error). */
public class SourceException extends TierpackException {
    public SourceException(String what, Object... keyValues) {
        super(what, keyValues);
    }

    public SourceException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
