package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Builds chunk contents and packs in memory for tests. */
final class TestPacks {
    static final PackId ID = PackId.parse("0192f1b2c3d47a1e8b2f0123456789ab");
    static final long CREATED = 1_727_000_000_000L;

    private TestPacks() {}

    /** A written pack: its bytes, what the writer returned, and the chunks in write order. */
    record Written(byte[] bytes, PackResult result, Map<ChunkId, byte[]> chunks) {
        String name() {
            return result.header().packId().objectKey();
        }
    }

    static PackWriterConfig config(int segmentSize, SegmentCompression compression) {
        return new PackWriterConfig(1L << 40, segmentSize, compression, TierCode.WARM, ContentCode.DATA);
    }

    /**
     * Chunk contents of the given sizes: even ones compressible (text-like: a few words repeated with noise),
     * odd ones random. Contents that repeat an earlier one are dropped, as the dedup layer would.
     */
    static List<byte[]> contents(long seed, List<Integer> sizes) {
        Random r = new Random(seed);
        String[] words = {"nix", "store", "/lib/", "libc.so.6", "\0\0\0\0", "ELF", "derivation", "aarch64", "{}\n"};
        List<byte[]> out = new ArrayList<>();
        Set<ChunkId> seen = new HashSet<>();
        for (int i = 0; i < sizes.size(); i++) {
            byte[] b = new byte[sizes.get(i)];
            if (i % 2 == 1) {
                r.nextBytes(b);
            } else {
                int p = 0;
                while (p < b.length) {
                    byte[] w = words[r.nextInt(words.length)].getBytes(StandardCharsets.ISO_8859_1);
                    for (int k = 0; k < w.length && p < b.length; k++) {
                        b[p++] = r.nextInt(50) == 0 ? (byte) r.nextInt() : w[k];
                    }
                }
            }
            if (seen.add(ChunkHasher.forCurrentThread().hash(b, 0, b.length))) {
                out.add(b);
            }
        }
        return out;
    }

    static Written write(PackWriterConfig config, List<byte[]> contents) throws IOException {
        return write(config, contents, i -> true);
    }

    /** Writes {@code contents}, chunk {@code i} through {@link PackWriter#add} if {@code compressible} says so, else
     * through {@link PackWriter#addIncompressible}. */
    static Written write(PackWriterConfig config, List<byte[]> contents, java.util.function.IntPredicate compressible)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackWriter w = PackWriter.start(out, config, ID, CREATED);
        Map<ChunkId, byte[]> chunks = new LinkedHashMap<>();
        for (int i = 0; i < contents.size(); i++) {
            byte[] c = contents.get(i);
            ChunkId id = ChunkHasher.forCurrentThread().hash(c, 0, c.length);
            if (compressible.test(i)) {
                w.add(id, c, 0, c.length);
            } else {
                w.addIncompressible(id, c, 0, c.length);
            }
            chunks.put(id, c);
        }
        PackResult result = w.finish();
        return new Written(out.toByteArray(), result, chunks);
    }
}
