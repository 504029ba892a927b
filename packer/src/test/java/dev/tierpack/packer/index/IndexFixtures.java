package dev.tierpack.packer.index;

import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.IndexBody;
import dev.tierpack.packer.format.PackFooter;
import dev.tierpack.packer.format.PackHeader;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.pack.PackResult;
import dev.tierpack.packer.pack.PackWriter;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Real packs (written with {@link PackWriter}) and synthetic index objects for the chunk index tests. */
final class IndexFixtures {
    static final long EPOCH = 1_727_000_000_000L;

    private IndexFixtures() {}

    /** A written pack: its bytes, its decoded index object, and its chunks in write order. */
    record Written(byte[] bytes, PackIndexObject index, Map<ChunkId, byte[]> chunks) {
        PackId id() {
            return index.packId();
        }

        byte[] indexObject() {
            return index.encode();
        }
    }

    /** The {@code n}-th pack id: ids are created {@code n} seconds after a fixed epoch, so they sort by {@code n}. */
    static PackId packId(int n) {
        return PackId.generate(EPOCH + n * 1000L, new Random(n));
    }

    /**
     * {@code count} chunk contents of 1 B .. {@code maxSize}: even ones compressible text, odd ones random (their
     * segments may be stored with codec none).
     */
    static List<byte[]> contents(long seed, int count, int maxSize) {
        Random r = new Random(seed);
        String words = "nix store /lib/ libc.so.6 ELF derivation aarch64 {} ";
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[1 + r.nextInt(maxSize)];
            if (i % 2 == 1) {
                r.nextBytes(b);
            } else {
                for (int p = 0; p < b.length; p++) {
                    b[p] = r.nextInt(40) == 0 ? (byte) r.nextInt() : (byte) words.charAt((p + i) % words.length());
                }
            }
            out.add(b);
        }
        return out;
    }

    /** A pack of {@code contents} in segments of about {@code segmentSize} raw bytes, zstd level 3, warm. */
    static Written write(PackId id, List<byte[]> contents, int segmentSize) {
        return write(id, contents, new PackWriterConfig(1L << 40, segmentSize, SegmentCompression.zstd(3),
                TierCode.WARM, ContentCode.DATA));
    }

    static Written write(PackId id, List<byte[]> contents, PackWriterConfig config) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PackWriter w = PackWriter.start(out, config, id, EPOCH);
            Map<ChunkId, byte[]> chunks = new LinkedHashMap<>();
            for (byte[] c : contents) {
                ChunkId cid = ChunkHasher.forCurrentThread().hash(c);
                if (chunks.putIfAbsent(cid, c) == null) {
                    w.add(cid, c, 0, c.length);
                }
            }
            PackResult result = w.finish();
            byte[] indexObject = result.indexObject();
            return new Written(out.toByteArray(), PackIndexObject.decode(indexObject, id.indexKey()), chunks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random chunk id. */
    static ChunkId randomId(Random r) {
        return new ChunkId(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    /**
     * A valid index object for a pack that was never written: {@code ids} in segments of {@code perSegment} chunks of
     * 4 KiB each, segments compressed to 2 KiB. Enough for publishing and lookups at scale.
     */
    static PackIndexObject synthetic(PackId id, List<ChunkId> ids, int perSegment, TierCode tier) {
        int chunkLength = 4096;
        List<SegmentRecord> segments = new ArrayList<>();
        List<ChunkRecord> chunks = new ArrayList<>(ids.size());
        long offset = PackHeader.SIZE;
        for (int first = 0; first < ids.size(); first += perSegment) {
            int n = Math.min(perSegment, ids.size() - first);
            for (int k = 0; k < n; k++) {
                chunks.add(new ChunkRecord(ids.get(first + k), segments.size(), k * chunkLength, chunkLength));
            }
            int stored = n * chunkLength / 2;
            segments.add(new SegmentRecord(offset, stored, n * chunkLength, first, n, first * 31, Codec.ZSTD, 3));
            offset += stored;
        }
        IndexBody body = new IndexBody(segments, chunks);
        byte[] sha = new byte[32];
        new Random(id.hashCode()).nextBytes(sha);
        return new PackIndexObject(tier, ContentCode.DATA, id, offset + body.encodedSize() + PackFooter.SIZE, sha,
                offset, body);
    }

    /** Every chunk entry of an index, in id order. */
    static TreeMap<ChunkId, ChunkLocation> entries(ChunkIndex index) {
        TreeMap<ChunkId, ChunkLocation> out = new TreeMap<>();
        index.chunks(out::put);
        return out;
    }

    /** Every pack record of an index, in id order. */
    static List<PublishedPack> packs(ChunkIndex index) {
        List<PublishedPack> out = new ArrayList<>();
        index.packs(out::add);
        return out;
    }
}
