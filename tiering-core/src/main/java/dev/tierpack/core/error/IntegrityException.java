package dev.tierpack.core.error;

/** Data that parses but does not match what it claims: a hash, size, checksum or signature mismatch. */
public class IntegrityException extends TierpackException {
    public IntegrityException(String what, Object... keyValues) {
        super(what, keyValues);
    }

    public IntegrityException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
