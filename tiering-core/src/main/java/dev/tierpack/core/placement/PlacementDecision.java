package dev.tierpack.core.placement;

import dev.tierpack.core.error.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where one store path goes and why.
 *
 * @param hashPart the store path's hash part
 * @param rule     the rule that decided (its {@link PlacementRule#tier()} is the tier)
 * @param root     the hash part of the path the rule matched (the path itself, or the root whose closure contains
 *                 it); empty for {@link PlacementRule#DEFAULT_COLD} and {@link PlacementRule#NO_POLICY}
 * @param detail   what matched, for people: the channel file, the pin, the hit count, the age
 */
public record PlacementDecision(String hashPart, PlacementRule rule, String root, String detail) {
    static final int VERSION = 1;

    public PlacementDecision {
        Objects.requireNonNull(hashPart, "hashPart");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(detail, "detail");
    }

    public PlacementTier tier() {
        return rule.tier();
    }

    public boolean hot() {
        return tier() == PlacementTier.WARM;
    }

    /** Whether the rule matched this path itself rather than a path whose closure contains it. */
    public boolean direct() {
        return root.equals(hashPart);
    }

    /** One line for people, e.g. {@code warm by CHANNEL: closure of channels/bump6.txt via 6394…}. */
    public String describe() {
        String via = root.isEmpty() || direct() ? "" : " (in the closure of " + root + ")";
        return tier().name().toLowerCase(java.util.Locale.ROOT) + " by " + rule + ": " + detail + via;
    }

    /** Value layout: version, rule code, root length (1 byte), root, detail (UTF-8, rest). */
    byte[] encodeValue() {
        byte[] r = root.getBytes(StandardCharsets.US_ASCII);
        byte[] d = detail.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[3 + r.length + d.length];
        out[0] = VERSION;
        out[1] = (byte) rule.code();
        out[2] = (byte) r.length;
        System.arraycopy(r, 0, out, 3, r.length);
        System.arraycopy(d, 0, out, 3 + r.length, d.length);
        return out;
    }

    static PlacementDecision decodeValue(String hashPart, byte[] v) {
        if (v.length < 3 || v[0] != VERSION || 3 + (v[2] & 0xFF) > v.length) {
            throw new FormatException("malformed placement decision", "storePath", hashPart);
        }
        int rl = v[2] & 0xFF;
        return new PlacementDecision(hashPart, PlacementRule.fromCode(v[1] & 0xFF),
                new String(v, 3, rl, StandardCharsets.US_ASCII),
                new String(Arrays.copyOfRange(v, 3 + rl, v.length), StandardCharsets.UTF_8));
    }
}
