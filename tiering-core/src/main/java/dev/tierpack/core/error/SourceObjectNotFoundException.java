package dev.tierpack.core.error;

/** The source has no object under the requested key (a dangling reference, not a read failure). */
public class SourceObjectNotFoundException extends SourceException {
    public SourceObjectNotFoundException(String what, Object... keyValues) {
        super(what, keyValues);
    }

    public SourceObjectNotFoundException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
