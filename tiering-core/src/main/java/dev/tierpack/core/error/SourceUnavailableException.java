package dev.tierpack.core.error;

/**
 * A source request was not sent because the source's circuit breaker is open: the source failed too often lately.
 * Callers pause (they do not give up) and redo the work once the breaker lets trial calls through again.
 */
public class SourceUnavailableException extends SourceException {
    public SourceUnavailableException(Throwable cause, String source, String op, String key, String breaker) {
        super("source unavailable: circuit breaker open", cause, "source", source, "op", op, "key",
                key == null ? "" : key, "breaker", breaker);
    }
}
