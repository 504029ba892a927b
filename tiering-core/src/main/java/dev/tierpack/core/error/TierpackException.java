package dev.tierpack.core.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Root of tierpack's small typed exception hierarchy. Every message is "what happened" followed by
 * key=value context (object key, store path, offset, expected/actual values), so an operator can
 * act on a log line without a stack trace:
 *
 * <pre>truncated NAR: object=nar/1fss….nar.xz offset=4096 expected=8 got=3</pre>
 *
 * Code that knows more context than the thrower (for instance the object key a NAR came from)
 * adds it with {@link #with(String, Object)} and rethrows the same exception.
 */
public class TierpackException extends RuntimeException {
    private final String what;
    private final LinkedHashMap<String, Object> context = new LinkedHashMap<>();

    public TierpackException(String what, Object... keyValues) {
        this(what, null, keyValues);
    }

    public TierpackException(String what, Throwable cause, Object... keyValues) {
        super(what, cause);
        this.what = what;
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must come in pairs: " + keyValues.length);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            context.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
    }

    /** Adds context (first write wins, so the innermost, most precise value is kept). */
    public TierpackException with(String key, Object value) {
        context.putIfAbsent(key, value);
        return this;
    }

    /** What happened, without context. */
    public String what() {
        return what;
    }

    public Map<String, Object> context() {
        return Map.copyOf(context);
    }

    /** A context value, or null. */
    public Object get(String key) {
        return context.get(key);
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(what);
        if (!context.isEmpty()) {
            sb.append(':');
            context.forEach((k, v) -> sb.append(' ').append(k).append('=').append(render(v)));
        }
        return sb.toString();
    }

    private static String render(Object v) {
        String s = String.valueOf(v);
        return s.isEmpty() || s.chars().anyMatch(Character::isWhitespace) ? '"' + s + '"' : s;
    }
}
