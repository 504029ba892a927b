package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.util.Objects;

/** Validation of signing key names ({@code cache.nixos.org-1}). */
final class KeyName {
    static final int MAX_LENGTH = 256;

    private KeyName() {}

    static void check(String name, String what) {
        Objects.requireNonNull(name, "keyName");
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new FormatException(what + " key name is empty or too long", "length", name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                throw new FormatException(what + " key name contains a space, ':', control or non-ASCII character",
                        "position", i);
            }
        }
    }
}
