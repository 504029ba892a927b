package dev.tierpack.packer.chunk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The 256 random 64-bit values of the gear rolling hash used by {@link FastCdc}.
 *
 * <p><b>This table is part of tierpack's storage format.</b> Chunk boundaries, and therefore
 * chunk ids and deduplication across campaigns, depend on every bit of it. It is generated, not
 * typed in: entry {@code i} is the {@code (i+1)}-th output of {@link SplitMix64} started from
 * state {@link #SEED} ({@code 0x746965727061636B}, the ASCII bytes of {@code "tierpack"}). It
 * must never change; {@link #SHA256} is the SHA-256 of the 256 entries written as big-endian
 * 64-bit words, and {@code GearTableTest} pins it together with the first entries. A future
 * table, if one were ever needed, would be a new chunking format version, never an edit here.
 */
public final class GearTable {
    /** The SplitMix64 starting state: ASCII {@code "tierpack"} read as a big-endian long. */
    public static final long SEED = 0x746965727061636BL;

    /** Number of entries: one per byte value. */
    public static final int SIZE = 256;

    /** The table. Package-private and never handed out, so it cannot be modified. */
    static final long[] GEAR = generate(SEED);

    /** Lower-case hex SHA-256 of the table as 256 big-endian 64-bit words; pinned by tests. */
    public static final String SHA256 = digest(GEAR);

    private GearTable() {}

    /** Entry {@code b} (0..255). */
    public static long get(int b) {
        return GEAR[b];
    }

    /** A copy of the whole table. */
    public static long[] toArray() {
        return GEAR.clone();
    }

    static long[] generate(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        long[] table = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            table[i] = rng.next();
        }
        return table;
    }

    private static String digest(long[] table) {
        ByteBuffer bytes = ByteBuffer.allocate(table.length * Long.BYTES).order(ByteOrder.BIG_ENDIAN);
        for (long v : table) {
            bytes.putLong(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
