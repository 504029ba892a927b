package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pack id (FORMAT.md section 1): a UUIDv7 as its 16 bytes in RFC 9562 order. Guarantees: exactly 16 bytes,
 * version nibble 7, variant bits {@code 10}; immutable (bytes copied in and out). Generated ids are unique across
 * workers without coordination and ordered by their millisecond timestamp.
 *
 * <p>Object keys follow FORMAT.md section 2: the fan-out directory is the last two hex digits (random bits).
 */
public record PackId(byte[] bytes) {
    public static final int SIZE = 16;

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY = Pattern.compile("(packs|index)/([0-9a-f]{2})/([0-9a-f]{32})\\.(pack|idx)");

    public PackId {
        if (bytes == null || bytes.length != SIZE) {
            throw new FormatException("pack id must be 16 bytes", "length", bytes == null ? "null" : bytes.length);
        }
        bytes = bytes.clone();
        if ((bytes[6] & 0xF0) != 0x70 || (bytes[8] & 0xC0) != 0x80) {
            throw new FormatException("pack id is not a UUIDv7", "id", HEX.formatHex(bytes));
        }
    }

    /** A new id for now, with 74 random bits from a {@link SecureRandom}. */
    public static PackId generate() {
        return generate(System.currentTimeMillis(), RANDOM);
    }

    /** A new id with the given Unix-ms timestamp (48 bits) and random bits from {@code random}. */
    public static PackId generate(long unixMillis, RandomGenerator random) {
        if (unixMillis < 0 || unixMillis >= 1L << 48) {
            throw new IllegalArgumentException("UUIDv7 timestamp out of range: " + unixMillis);
        }
        byte[] b = new byte[SIZE];
        random.nextBytes(b);
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (unixMillis >>> (40 - 8 * i));
        }
        b[6] = (byte) (0x70 | (b[6] & 0x0F));
        b[8] = (byte) (0x80 | (b[8] & 0x3F));
        return new PackId(b);
    }

    /** Parses 32 lowercase hex digits. */
    public static PackId parse(String hex) {
        if (hex == null || hex.length() != 2 * SIZE || !hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new FormatException("pack id must be 32 lowercase hex digits", "id", hex);
        }
        return new PackId(HEX.parseHex(hex));
    }

    /** The id named by a pack or index object key; the key must follow the layout exactly (right fan-out too). */
    public static PackId fromKey(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches() || m.group(1).equals("packs") != m.group(4).equals("pack")) {
            throw new FormatException("not a pack or index object key", "key", key);
        }
        PackId id = parse(m.group(3));
        if (!id.fanOut().equals(m.group(2))) {
            throw new FormatException("pack key has the wrong fan-out directory", "key", key, "expected", id.fanOut());
        }
        return id;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the 16 bytes into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, SIZE);
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** The UUIDv7 Unix-ms timestamp. */
    public long timestampMillis() {
        long t = 0;
        for (int i = 0; i < 6; i++) {
            t = (t << 8) | (bytes[i] & 0xFF);
        }
        return t;
    }

    /** The pack object key on its tier: {@code packs/<last two hex digits>/<id>.pack}. */
    public String objectKey() {
        return "packs/" + fanOut() + "/" + hex() + ".pack";
    }

    /** The pack index object key (always on the warm tier): {@code index/<last two hex digits>/<id>.idx}. */
    public String indexKey() {
        return "index/" + fanOut() + "/" + hex() + ".idx";
    }

    private String fanOut() {
        return HEX.toHexDigits(bytes[SIZE - 1]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
