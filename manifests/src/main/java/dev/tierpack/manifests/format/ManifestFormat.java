package dev.tierpack.manifests.format;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Entry points for manifest blobs (docs/FORMAT.md section 8): encode the current version, and decode any known
 * version by switching on the version field. A manifest is stored as one chunk of a manifest pack, so its identity
 * and integrity check is its chunk id, the SHA-256 of the whole blob ({@link #decode(byte[], ChunkId, String)}
 * checks it); the blob carries no checksum of its own.
 *
 * <p>Unknown versions are an {@link UnsupportedFormatVersionException} naming the object and version; malformed
 * blobs a {@link FormatException} naming the object and byte offset. Readers for old versions are kept forever.
 */
public final class ManifestFormat {
    /** Magic at offset 0 of every manifest. */
    public static final String MAGIC = "TIERMANI";
    /** The version {@link #encode} writes. */
    public static final int VERSION_1 = 1;
    /** Largest manifest blob accepted: it is one chunk, held in memory while written or read. */
    public static final int MAX_SIZE = 256 << 20;

    static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    static final int VERSION_OFF = 8;

    private ManifestFormat() {}

    /** The version-1 blob of {@code manifest}. */
    public static byte[] encode(Manifest manifest) {
        return ManifestV1.encode(manifest);
    }

    /** The chunk id (SHA-256) of a manifest blob. */
    public static ChunkId id(byte[] blob) {
        return new ChunkHasher().hash(blob);
    }

    /**
     * Decodes a blob read as chunk {@code expected}: checks its SHA-256 first (an {@link IntegrityException}
     * naming the object), then decodes it.
     */
    public static Manifest decode(byte[] blob, ChunkId expected, String object) {
        ChunkId actual = id(blob);
        if (!actual.equals(expected)) {
            throw new IntegrityException("manifest checksum mismatch", "object", object, "expected", expected,
                    "actual", actual);
        }
        return decode(blob, object);
    }

    /** Decodes a blob of any known version; {@code object} names it in errors. */
    public static Manifest decode(byte[] blob, String object) {
        if (blob.length < VERSION_OFF + 2) {
            throw new FormatException(blob.length == 0 ? "empty manifest" : "truncated manifest", "object", object,
                    "length", blob.length);
        }
        if (!Arrays.equals(blob, 0, MAGIC_BYTES.length, MAGIC_BYTES, 0, MAGIC_BYTES.length)) {
            throw new FormatException("bad manifest magic", "object", object, "offset", 0, "expected", MAGIC);
        }
        if (blob.length > MAX_SIZE) {
            throw new FormatException("manifest too large", "object", object, "length", blob.length, "max", MAX_SIZE);
        }
        int version = (blob[VERSION_OFF] & 0xFF) | (blob[VERSION_OFF + 1] & 0xFF) << 8;
        return switch (version) {
            case VERSION_1 -> ManifestV1.decode(blob, object);
            default -> throw new UnsupportedFormatVersionException("manifest", version, "object", object,
                    "offset", VERSION_OFF);
        };
    }
}
