package dev.tierpack.packer.index;

import dev.tierpack.core.error.FormatException;

/**
 * Totals of a chunk index, kept in the index itself and updated in the same atomic write as each publish (never
 * recomputed by scanning). Validated: all non-negative.
 *
 * <p>Stored under the key {@code stats} of the {@code default} column family, a fixed {@value #SIZE}-byte
 * little-endian layout (FORMAT.md 7.5): value version = 1 (1 byte), then the five fields below as 8-byte integers
 * in this order.
 *
 * @param packs           published packs
 * @param chunks          distinct chunk ids in the index
 * @param redundantChunks chunk records of published packs whose id was already provided by another pack (a copy
 *                        the index does not point to)
 * @param storedBytes     sum of the published packs' segment stored bytes
 * @param rawBytes        sum of the published packs' segment raw bytes
 */
public record IndexStats(long packs, long chunks, long redundantChunks, long storedBytes, long rawBytes) {
    public static final int VERSION = 1;
    /** Encoded size in bytes. */
    public static final int SIZE = 1 + 5 * 8;
    public static final IndexStats EMPTY = new IndexStats(0, 0, 0, 0, 0);

    public IndexStats {
        if (packs < 0 || chunks < 0 || redundantChunks < 0 || storedBytes < 0 || rawBytes < 0) {
            throw new FormatException("negative chunk index totals", "packs", packs, "chunks", chunks,
                    "redundantChunks", redundantChunks, "storedBytes", storedBytes, "rawBytes", rawBytes);
        }
    }

    /** These totals plus one newly published pack. */
    IndexStats plus(PublishedPack pack, long newChunks, long redundant) {
        return new IndexStats(packs + 1, chunks + newChunks, redundantChunks + redundant,
                storedBytes + pack.storedBytes(), rawBytes + pack.rawBytes());
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        b[0] = (byte) VERSION;
        Bytes.put64(b, 1, packs);
        Bytes.put64(b, 9, chunks);
        Bytes.put64(b, 17, redundantChunks);
        Bytes.put64(b, 25, storedBytes);
        Bytes.put64(b, 33, rawBytes);
        return b;
    }

    public static IndexStats decode(byte[] value) {
        Bytes.checkValue("chunk index stats", value, value.length, VERSION, SIZE);
        return new IndexStats(Bytes.i64(value, 1), Bytes.i64(value, 9), Bytes.i64(value, 17), Bytes.i64(value, 25),
                Bytes.i64(value, 33));
    }
}
