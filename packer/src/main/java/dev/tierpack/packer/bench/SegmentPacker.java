package dev.tierpack.packer.bench;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.pack.PackResult;
import dev.tierpack.packer.pack.PackWriter;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link NewChunkSink} that writes real packs with {@link PackWriter} to a discarding stream, starting a new pack
 * whenever the current one {@link PackWriter#isFull() is full}, and counts what would be stored: pack bytes (header,
 * segments, trailer, footer) and pack index objects. It also remembers, for every chunk, the stored length of the
 * segment it landed in (what reading the chunk fetches). Memory: one segment plus the writer's records plus 4 bytes
 * per chunk. Not thread-safe.
 *
 * <p>With {@code measureDecode}, each pack is kept in memory until it is finished and then every segment is
 * decompressed once ({@link SegmentCodec#decompress}, what a chunk read does after its range GET), timed: memory is
 * then one whole pack as well.
 */
public final class SegmentPacker implements NewChunkSink {
    /**
     * What was written.
     *
     * @param packs packs written
     * @param segments segments written
     * @param storedSegments of which stored uncompressed (zstd did not shrink them)
     * @param chunks chunks packed
     * @param rawBytes raw bytes of those chunks
     * @param packBytes total length of the packs
     * @param indexBytes total length of the pack index objects
     * @param time time spent in {@link PackWriter} (compression, checksums, records)
     * @param decode time spent decompressing every segment once ({@link Timing#ZERO} unless measured)
     */
    public record Stats(int packs, long segments, long storedSegments, long chunks, long rawBytes, long packBytes,
            long indexBytes, Timing time, Timing decode) {
        /** Decompression speed: raw MB (10^6 bytes) per CPU second, or 0 if not measured. */
        public double decompressMBps() {
            return decode.cpuNanos() == 0 ? 0 : rawBytes * 1e3 / decode.cpuNanos();
        }
    }

    private final PackWriterConfig config;
    private final OutputStream out;
    private final ByteArrayOutputStream kept;
    private PackWriter writer;
    private int packs;
    private long segments;
    private long storedSegments;
    private long chunks;
    private long rawBytes;
    private long packBytes;
    private long indexBytes;
    private long wallNanos;
    private long cpuNanos;
    private long decodeWallNanos;
    private long decodeCpuNanos;
    private int[] segmentStored = new int[1024];
    private int recorded;
    private boolean finished;

    public SegmentPacker(PackWriterConfig config) {
        this(config, false);
    }

    /** @param measureDecode keep each pack in memory and time the decompression of its segments */
    public SegmentPacker(PackWriterConfig config, boolean measureDecode) {
        this.config = Objects.requireNonNull(config, "config");
        this.kept = measureDecode ? new ByteArrayOutputStream() : null;
        this.out = measureDecode ? kept : OutputStream.nullOutputStream();
    }

    public PackWriterConfig config() {
        return config;
    }

    /** Adds the chunk to the current pack; chunks must come numbered 0, 1, 2, ... (they are, from the simulator). */
    @Override
    public void accept(int index, ChunkId id, byte[] buf, int off, int len, boolean compressible) throws IOException {
        if (finished) {
            throw new IllegalStateException("packer finished");
        }
        if (index != chunks) {
            throw new IllegalArgumentException("chunks must arrive in order: expected " + chunks + ", got " + index);
        }
        long wall = System.nanoTime();
        long cpu = Timing.threadCpuNanos();
        if (writer != null && writer.isFull()) {
            finishPack();
        }
        if (writer == null) {
            writer = PackWriter.start(out, config);
        }
        if (compressible) {
            writer.add(id, buf, off, len);
        } else {
            writer.addIncompressible(id, buf, off, len); // as PackingSession does
        }
        cpuNanos += Timing.threadCpuNanos() - cpu;
        wallNanos += System.nanoTime() - wall;
        chunks++;
        rawBytes += len;
    }

    /** Finishes the last pack; the packer is then done. */
    public Stats finish() throws IOException {
        if (!finished) {
            long wall = System.nanoTime();
            long cpu = Timing.threadCpuNanos();
            if (writer != null) {
                finishPack();
            }
            cpuNanos += Timing.threadCpuNanos() - cpu;
            wallNanos += System.nanoTime() - wall;
            finished = true;
        }
        return new Stats(packs, segments, storedSegments, chunks, rawBytes, packBytes, indexBytes,
                new Timing(wallNanos, cpuNanos), new Timing(decodeWallNanos, decodeCpuNanos));
    }

    /**
     * Stored length of the segment holding chunk {@code index} (of a finished pack).
     */
    public int segmentStoredLength(int index) {
        return segmentStored[Objects.checkIndex(index, recorded)];
    }

    /** The number of chunks whose segment is known (all of them once {@link #finish()} has run). */
    public int recordedChunks() {
        return recorded;
    }

    private void finishPack() throws IOException {
        PackResult r = writer.finish();
        writer = null;
        packs++;
        packBytes += r.packLength();
        indexBytes += r.indexObject().length;
        List<SegmentRecord> segs = r.index().segments();
        segments += segs.size();
        for (SegmentRecord s : segs) {
            if (s.codec() == Codec.NONE && config.compression().codec() != Codec.NONE) {
                storedSegments++;
            }
        }
        List<ChunkRecord> records = r.index().chunks();
        if (recorded + records.size() > segmentStored.length) {
            segmentStored = Arrays.copyOf(segmentStored, Math.max(segmentStored.length * 2, recorded + records.size()));
        }
        for (ChunkRecord c : records) {
            segmentStored[recorded++] = segs.get(c.segment()).storedLength();
        }
        if (kept != null) {
            decodeSegments(segs);
        }
    }

    /**
     * Decompresses every segment of the pack just finished (kept in memory). Runs inside the writer's timed region,
     * so its time (and the copy of the pack) is taken out of the writer's time again.
     */
    private void decodeSegments(List<SegmentRecord> segs) {
        long outerWall = System.nanoTime();
        long outerCpu = Timing.threadCpuNanos();
        byte[] pack = kept.toByteArray();
        kept.reset();
        long wall = System.nanoTime();
        long cpu = Timing.threadCpuNanos();
        for (SegmentRecord s : segs) {
            SegmentCodec.decompress(s.codec(), pack, Math.toIntExact(s.offset()), s.storedLength(), s.rawLength());
        }
        long endCpu = Timing.threadCpuNanos();
        long endWall = System.nanoTime();
        decodeCpuNanos += endCpu - cpu;
        decodeWallNanos += endWall - wall;
        cpuNanos -= endCpu - outerCpu;
        wallNanos -= endWall - outerWall;
    }
}
