package dev.tierpack.core.placement;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.StorePath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What placement needs to know about one store path, recorded while listing.
 *
 * @param hashPart     the store path's hash part
 * @param name         the store path's name (after the hash)
 * @param references   hash parts of the paths it references, without itself
 * @param fixedOutput  narinfo {@code CA: fixed:…}, or no references at all (source tarballs)
 * @param lastModified the narinfo's last-modified time in epoch milliseconds, or -1 when unknown
 */
public record PathFacts(String hashPart, String name, List<String> references, boolean fixedOutput, long lastModified) {
    static final int VERSION = 1;

    public PathFacts {
        Objects.requireNonNull(hashPart, "hashPart");
        Objects.requireNonNull(name, "name");
        references = List.copyOf(references);
    }

    /** The facts of a parsed narinfo. */
    public static PathFacts of(NarInfo info, long lastModified) {
        String self = info.storePath().hashPart();
        List<String> refs = new ArrayList<>(info.references().size());
        for (StorePath r : info.references()) {
            if (!r.hashPart().equals(self)) {
                refs.add(r.hashPart());
            }
        }
        boolean fixed = info.ca().map(ca -> ca.startsWith("fixed:")).orElse(false) || info.references().isEmpty();
        return new PathFacts(self, info.storePath().name(), refs, fixed, lastModified);
    }

    byte[] encodeValue() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + 2 + n.length + 4 + references.size() * StorePath.HASH_PART_LENGTH);
        b.put((byte) VERSION).put((byte) (fixedOutput ? 1 : 0)).putLong(lastModified).putShort((short) n.length).put(n);
        b.putInt(references.size());
        for (String r : references) {
            b.put(r.getBytes(StandardCharsets.US_ASCII));
        }
        return b.array();
    }

    static PathFacts decodeValue(String hashPart, byte[] v) {
        try {
            ByteBuffer b = ByteBuffer.wrap(v);
            if (b.get() != VERSION) {
                throw new FormatException("unknown placement facts version", "storePath", hashPart);
            }
            boolean fixed = b.get() == 1;
            long modified = b.getLong();
            byte[] n = new byte[b.getShort() & 0xFFFF];
            b.get(n);
            int count = b.getInt();
            if (count < 0 || (long) count * StorePath.HASH_PART_LENGTH != b.remaining()) {
                throw new FormatException("malformed placement facts", "storePath", hashPart, "references", count);
            }
            List<String> refs = new ArrayList<>(count);
            byte[] r = new byte[StorePath.HASH_PART_LENGTH];
            for (int i = 0; i < count; i++) {
                b.get(r);
                refs.add(new String(r, StandardCharsets.US_ASCII));
            }
            return new PathFacts(hashPart, new String(n, StandardCharsets.UTF_8), refs, fixed, modified);
        } catch (java.nio.BufferUnderflowException e) {
            throw new FormatException("truncated placement facts", "storePath", hashPart);
        }
    }
}
