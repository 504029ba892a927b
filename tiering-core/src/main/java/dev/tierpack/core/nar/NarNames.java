package dev.tierpack.core.nar;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Rules for NAR entry names and symlink targets, shared by {@link NarPath}, the reader and the writer. */
final class NarNames {
    /** Longest entry name accepted (Linux {@code NAME_MAX}). */
    static final int MAX_NAME_LENGTH = 255;
    /** Longest symlink target accepted (Linux {@code PATH_MAX} less the terminating NUL). */
    static final int MAX_TARGET_LENGTH = 4095;

    private NarNames() {}

    /** Why {@code name[off, off+len)} is not a valid NAR entry name, or null when it is. */
    static String invalidNameReason(byte[] name, int off, int len) {
        if (len == 0) {
            return "empty name";
        }
        if (len > MAX_NAME_LENGTH) {
            return "name longer than " + MAX_NAME_LENGTH + " bytes";
        }
        if (name[off] == '.' && (len == 1 || (len == 2 && name[off + 1] == '.'))) {
            return "name is '.' or '..'";
        }
        for (int i = off; i < off + len; i++) {
            if (name[i] == '/') {
                return "name contains '/'";
            }
            if (name[i] == 0) {
                return "name contains NUL";
            }
        }
        return null;
    }

    /** Why {@code target} is not a valid symlink target, or null when it is. */
    static String invalidTargetReason(byte[] target) {
        if (target.length == 0) {
            return "empty symlink target";
        }
        if (target.length > MAX_TARGET_LENGTH) {
            return "symlink target longer than " + MAX_TARGET_LENGTH + " bytes";
        }
        for (byte b : target) {
            if (b == 0) {
                return "symlink target contains NUL";
            }
        }
        return null;
    }

    /** Strict UTF-8 decoding: empty when the bytes are not valid UTF-8. */
    static Optional<String> utf8(byte[] bytes, int off, int len) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, off, len))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Human-readable rendering for messages: the UTF-8 text when the bytes are valid UTF-8 without
     * control characters, otherwise printable ASCII with every other byte as {@code \xNN}.
     */
    static String display(byte[] bytes, int off, int len) {
        Optional<String> text = utf8(bytes, off, len);
        if (text.isPresent() && text.get().chars().noneMatch(c -> Character.isISOControl(c) || c == '\\')) {
            return text.get();
        }
        StringBuilder sb = new StringBuilder(len + 16);
        for (int i = off; i < off + len; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }

    static String display(byte[] bytes) {
        return display(bytes, 0, bytes.length);
    }
}
