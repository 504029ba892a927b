package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The line syntax shared by narinfo and nix-cache-info files as Nix writes them: UTF-8 lines
 * {@code Key: value}, each terminated by {@code \n}. Size-bounded, strict, and precise about where
 * an error is.
 */
final class KeyValueText {
    /** One {@code Key: value} line; {@code number} is 1-based. */
    record Line(int number, String key, String value) {}

    private KeyValueText() {}

    /** Reads at most {@code maxBytes} bytes; a longer stream is rejected without reading it to the end. */
    static byte[] readBounded(InputStream in, int maxBytes, String kind, String object) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new SourceException("cannot read " + kind, e, "object", object);
        }
        checkSize(bytes.length, maxBytes, kind, object);
        return bytes;
    }

    static void checkSize(long length, int maxBytes, String kind, String object) {
        if (length > maxBytes) {
            throw new FormatException("invalid " + kind + ": larger than the limit", "object", object, "maxBytes", maxBytes);
        }
    }

    /** Encodes text for {@link #split}; a string that is not valid Unicode is rejected. */
    static byte[] encode(String text, int maxBytes, String kind, String object) {
        // A char is at least one UTF-8 byte, so this bounds the work before encoding.
        checkSize(text.length(), maxBytes, kind, object);
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(text));
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            checkSize(bytes.length, maxBytes, kind, object);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new FormatException("invalid " + kind + ": text is not valid Unicode", "object", object);
        }
    }

    /**
     * Splits {@code bytes} into {@code Key: value} lines. Every line, including the last, must end in
     * {@code \n} (a missing final newline means a truncated object); a key is
     * {@code [A-Za-z0-9_.-]+}; the separator is exactly {@code ": "}; the value may be empty and must
     * not contain control characters; each line is at most {@code maxLineBytes} bytes of UTF-8.
     */
    static List<Line> split(byte[] bytes, int maxLineBytes, String kind, String object) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 1;
        while (start < bytes.length) {
            int end = start;
            int limit = Math.min(bytes.length, start + maxLineBytes + 1);
            while (end < limit && bytes[end] != '\n') {
                end++;
            }
            if (end - start > maxLineBytes) {
                throw error("line is too long", kind, object, number, "maxLineBytes", maxLineBytes);
            }
            if (end == bytes.length) {
                throw error("last line has no terminating newline (truncated?)", kind, object, number);
            }
            lines.add(parseLine(decode(bytes, start, end, kind, object, number), kind, object, number));
            start = end + 1;
            number++;
        }
        return lines;
    }

    private static String decode(byte[] bytes, int start, int end, String kind, String object, int number) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("line is not valid UTF-8", kind, object, number);
        }
    }

    private static Line parseLine(String text, String kind, String object, int number) {
        if (text.isEmpty()) {
            throw error("empty line", kind, object, number);
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw error("line is not 'Key: value' (no ':')", kind, object, number);
        }
        String key = text.substring(0, colon);
        if (key.isEmpty()) {
            throw error("line has an empty key", kind, object, number);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.')) {
                throw error("key contains an illegal character", kind, object, number, "key", NixHash.abbreviate(key));
            }
        }
        if (colon + 1 >= text.length() || text.charAt(colon + 1) != ' ') {
            throw error("line is not 'Key: value' (':' not followed by one space)", kind, object, number, "key", key);
        }
        String value = text.substring(colon + 2);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw error("value contains a control character", kind, object, number, "key", key, "position", i);
            }
        }
        return new Line(number, key, value);
    }

    static FormatException error(String reason, String kind, String object, int line, Object... more) {
        Object[] kv = new Object[4 + more.length];
        kv[0] = "object";
        kv[1] = object;
        kv[2] = "line";
        kv[3] = line;
        System.arraycopy(more, 0, kv, 4, more.length);
        return new FormatException("invalid " + kind + ": " + reason, kv);
    }
}
