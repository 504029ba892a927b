package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A binary cache's {@code nix-cache-info} file.
 *
 * <p>Same strict line syntax as a narinfo ({@code Key: value\n}), bounded to
 * {@value #MAX_BYTES} bytes. {@code StoreDir} must be a canonical absolute directory,
 * {@code WantMassQuery} is {@code 1} or {@code 0}, {@code Priority} a plain non-negative decimal
 * int; each at most once; other keys are kept and written back after the known key they followed.
 * {@link #toText()} writes StoreDir, WantMassQuery, Priority in that order, as Nix and
 * cache.nixos.org do, so a file in that order round-trips byte for byte.
 *
 * @param storeDir the store directory the cache serves, if declared
 * @param wantMassQuery whether clients may query it in bulk, if declared
 * @param priority the substituter priority (lower is preferred), if declared
 * @param unknownFields other lines, in file order
 */
public record NixCacheInfo(
        Optional<String> storeDir, Optional<Boolean> wantMassQuery, OptionalInt priority, List<UnknownField> unknownFields) {

    /** The keys this record interprets, in the order they are written. */
    public static final List<String> KEYS = List.of("StoreDir", "WantMassQuery", "Priority");
    /** Bound on the file size. */
    public static final int MAX_BYTES = 64 << 10;

    private static final String KIND = "nix-cache-info";

    public NixCacheInfo {
        Objects.requireNonNull(storeDir, "storeDir");
        Objects.requireNonNull(wantMassQuery, "wantMassQuery");
        Objects.requireNonNull(priority, "priority");
        storeDir.ifPresent(StorePath::checkStoreDir);
        if (priority.isPresent() && priority.getAsInt() < 0) {
            throw new FormatException("Priority is negative", "priority", priority.getAsInt());
        }
        unknownFields = List.copyOf(unknownFields);
        for (UnknownField f : unknownFields) {
            if (KEYS.contains(f.key()) || !f.after().isEmpty() && !KEYS.contains(f.after())) {
                throw new FormatException("unknown field uses or follows an invalid key", "key", f.key(), "after", f.after());
            }
        }
    }

    /** A cache info declaring only {@code StoreDir}, as {@code nix copy} writes it. */
    public static NixCacheInfo of(String storeDir) {
        return new NixCacheInfo(Optional.of(storeDir), Optional.empty(), OptionalInt.empty(), List.of());
    }

    /** Parses at most {@value #MAX_BYTES} bytes from {@code in} (not closed). */
    public static NixCacheInfo parse(InputStream in, String object) {
        return parse(KeyValueText.readBounded(in, MAX_BYTES, KIND, object), object);
    }

    public static NixCacheInfo parse(String text, String object) {
        return parse(KeyValueText.encode(text, MAX_BYTES, KIND, object), object);
    }

    /**
     * Parses UTF-8 bytes.
     *
     * @throws FormatException naming the object, line and reason
     */
    public static NixCacheInfo parse(byte[] bytes, String object) {
        KeyValueText.checkSize(bytes.length, MAX_BYTES, KIND, object);
        Optional<String> storeDir = Optional.empty();
        Optional<Boolean> wantMassQuery = Optional.empty();
        OptionalInt priority = OptionalInt.empty();
        List<UnknownField> unknown = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String lastKnown = "";
        for (KeyValueText.Line line : KeyValueText.split(bytes, MAX_BYTES, KIND, object)) {
            String key = line.key();
            String v = line.value();
            if (!KEYS.contains(key)) {
                unknown.add(new UnknownField(key, v, lastKnown));
                continue;
            }
            if (!seen.add(key)) {
                throw KeyValueText.error("duplicate key " + key, KIND, object, line.number(), "key", key);
            }
            switch (key) {
                case "StoreDir" -> {
                    try {
                        StorePath.checkStoreDir(v);
                    } catch (FormatException e) {
                        throw KeyValueText.error("bad StoreDir (" + e.what() + ")", KIND, object, line.number(), "value", NixHash.abbreviate(v));
                    }
                    storeDir = Optional.of(v);
                }
                case "WantMassQuery" -> {
                    if (!v.equals("1") && !v.equals("0")) {
                        throw KeyValueText.error("WantMassQuery is neither 1 nor 0", KIND, object, line.number(), "value", NixHash.abbreviate(v));
                    }
                    wantMassQuery = Optional.of(v.equals("1"));
                }
                case "Priority" -> {
                    boolean ok = !v.isEmpty() && v.length() <= 9 && v.chars().allMatch(c -> c >= '0' && c <= '9')
                            && (v.length() == 1 || v.charAt(0) != '0');
                    if (!ok) {
                        throw KeyValueText.error("Priority is not a plain non-negative decimal int", KIND, object, line.number(),
                                "value", NixHash.abbreviate(v));
                    }
                    priority = OptionalInt.of(Integer.parseInt(v));
                }
                default -> throw new AssertionError(key);
            }
            lastKnown = key;
        }
        return new NixCacheInfo(storeDir, wantMassQuery, priority, unknown);
    }

    /** The file text, every line ending in {@code \n}. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        appendUnknown(sb, "");
        storeDir.ifPresent(d -> sb.append("StoreDir: ").append(d).append('\n'));
        appendUnknown(sb, "StoreDir");
        wantMassQuery.ifPresent(w -> sb.append("WantMassQuery: ").append(w ? '1' : '0').append('\n'));
        appendUnknown(sb, "WantMassQuery");
        priority.ifPresent(p -> sb.append("Priority: ").append(p).append('\n'));
        appendUnknown(sb, "Priority");
        return sb.toString();
    }

    private void appendUnknown(StringBuilder sb, String after) {
        for (UnknownField f : unknownFields) {
            if (f.after().equals(after)) {
                sb.append(f.key()).append(": ").append(f.value()).append('\n');
            }
        }
    }
}
