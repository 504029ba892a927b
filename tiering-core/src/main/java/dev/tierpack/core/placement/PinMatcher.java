package dev.tierpack.core.placement;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.nix.Nix32;
import dev.tierpack.core.nix.StorePath;
import java.util.regex.Pattern;

/** One pin: a store path, a hash part, or a name pattern with {@code *} and {@code ?}. */
record PinMatcher(String pin, String hashPart, Pattern name) {
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9+._?*=-]+");

    static PinMatcher of(String pin, String key) {
        if (pin.startsWith("/")) {
            try {
                return new PinMatcher(pin, StorePath.parse(pin).hashPart(), null);
            } catch (RuntimeException e) {
                throw new ConfigException("not a store path: " + e.getMessage(), "key", key, "value", pin);
            }
        }
        if (pin.length() == StorePath.HASH_PART_LENGTH && isNix32(pin)) {
            return new PinMatcher(pin, pin, null);
        }
        if (!NAME_PATTERN.matcher(pin).matches()) {
            throw new ConfigException("expected a store path, a hash part or a name pattern (letters, digits, +._-=, * and ?)",
                    "key", key, "value", pin);
        }
        StringBuilder re = new StringBuilder();
        for (char c : pin.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new PinMatcher(pin, null, Pattern.compile(re.toString()));
    }

    private static boolean isNix32(String s) {
        for (char c : s.toCharArray()) {
            if (Nix32.ALPHABET.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    boolean byHash() {
        return hashPart != null;
    }

    boolean matches(PathFacts facts) {
        return byHash() ? hashPart.equals(facts.hashPart()) : name.matcher(facts.name()).matches();
    }
}
