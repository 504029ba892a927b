package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.format.Checksums;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.Codec;
import dev.tierpack.packer.format.IndexBody;
import dev.tierpack.packer.format.PackFooter;
import dev.tierpack.packer.format.PackHeader;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes one version-1 pack (FORMAT.md 3) front to back to an {@link OutputStream} (the tier's upload stream).
 *
 * <p>Guarantees: memory is bounded by one raw segment (the target segment size, or one larger chunk) plus its
 * compressed form plus the records; a segment is compressed and written as soon as it reaches the target size, so
 * bytes leave progressively. A chunk id is accepted once per pack. A segment that zstd does not shrink is stored
 * with codec none.
 *
 * <p>Chunks the caller knows to be incompressible (already compressed content: tarballs, archives, media) go through
 * {@link #addIncompressible}, without long-distance matching into a second, <em>stored</em> segment (codec none) that
 * is written straight through
 * to the stream as they arrive: no zstd time, no copy into the segment buffer, no extra memory. That segment is
 * closed before the compressed segment is written (and when it reaches the target size), so segments stay
 * contiguous and each segment's chunk records contiguous (FORMAT.md 3.2, 3.3). After any failure (I/O error, compression error) the writer refuses further use: the partial
 * pack must be discarded (its upload aborted). The stream is flushed by {@link #finish()}, never closed.
 *
 * <p>The caller guarantees each chunk id is the SHA-256 of its bytes ({@link PackVerifier} checks it). Not
 * thread-safe.
 */
public final class PackWriter {
    private final OutputStream out;
    private final PackWriterConfig config;
    private final PackHeader header;
    private final SegmentCodec codec;
    private final MessageDigest sha = Checksums.sha256();
    private final List<SegmentRecord> segments = new ArrayList<>();
    private final List<ChunkRecord> chunks = new ArrayList<>();
    private final List<Pending> compressedPending = new ArrayList<>(); // chunks of the segment in `raw`
    private final List<Pending> storedPending = new ArrayList<>(); // chunks of the open stored segment
    private final java.util.zip.CRC32C storedCrc = new java.util.zip.CRC32C();
    private long storedStart = -1; // offset of the open stored segment, -1: none open
    private int storedLength;
    private final Set<ChunkId> ids = new HashSet<>();
    private final PackBuffers buffers; // null: this writer allocates its own memory
    private long position;
    private byte[] raw;
    private int rawLength;
    private byte[] stored = new byte[0];
    private Throwable failure;
    private boolean finished;

    private PackWriter(OutputStream out, PackWriterConfig config, PackHeader header, PackBuffers buffers) {
        this.out = Objects.requireNonNull(out, "out");
        this.config = config;
        this.header = header;
        this.codec = new SegmentCodec(config.compression());
        this.buffers = buffers;
        // with reused buffers the raw segment grows on demand up to the target, so a pack that holds little never
        // zeroes (and faults in) a whole 128 MiB cold segment
        this.raw = buffers != null ? buffers.raw(Math.min(config.targetSegmentSize(), PackBuffers.INITIAL_RAW))
                : new byte[config.targetSegmentSize()];
    }

    /** Starts a pack with a fresh UUIDv7 id created now, writing its header. */
    public static PackWriter start(OutputStream out, PackWriterConfig config) throws IOException {
        return start(out, config, PackId.generate(), System.currentTimeMillis());
    }

    /** Starts a pack with the given id and creation time, writing its header. */
    public static PackWriter start(OutputStream out, PackWriterConfig config, PackId id, long createdMillis)
            throws IOException {
        return start(out, config, id, createdMillis, null);
    }

    /**
     * Starts a pack that works in {@code buffers} (reused from the previous pack of the same writer thread; null to
     * allocate its own), writing its header. The buffers must not be used by another writer until this one is
     * finished or abandoned.
     */
    public static PackWriter start(OutputStream out, PackWriterConfig config, PackId id, long createdMillis,
            PackBuffers buffers) throws IOException {
        PackHeader header = new PackHeader(config.tier(), config.content(), id, createdMillis);
        PackWriter w = new PackWriter(out, config, header, buffers);
        w.guarded(() -> w.write(header.encode(), 0, PackHeader.SIZE, true));
        return w;
    }

    public PackHeader header() {
        return header;
    }

    /** A chunk of an open segment; its record is made when the segment is written and its index known. */
    private record Pending(ChunkId id, int offset, int length) {}

    /** Appends {@code buf[off, off + len)} as chunk {@code id}; writes the current segment first if it is full. */
    public void add(ChunkId id, byte[] buf, int off, int len) throws IOException {
        accept(id, buf, off, len);
        guarded(() -> {
            if (rawLength > 0 && (long) rawLength + len > config.targetSegmentSize()) {
                flushSegment();
            }
            if (rawLength + len > raw.length) {
                if (buffers != null) {
                    // straight to the target (or to one chunk larger than it): growing step by step would zero and
                    // fault in more fresh memory in all than the segment itself
                    raw = buffers.grow(rawLength, Math.max(rawLength + len, config.targetSegmentSize()));
                } else {
                    raw = new byte[Math.max(len, config.targetSegmentSize())];
                }
            }
            System.arraycopy(buf, off, raw, rawLength, len);
            compressedPending.add(new Pending(id, rawLength, len));
            ids.add(id);
            rawLength += len;
            if (rawLength >= config.targetSegmentSize()) {
                flushSegment();
            }
        });
    }

    /**
     * Appends chunk {@code id}, judged incompressible by the caller (already compressed content): if the layout
     * {@link PackWriterConfig#storesIncompressible stores such chunks}, into the stored (codec none) segment, its bytes
     * written to the stream now (zstd would not shrink it within a segment anyway); otherwise like {@link #add}.
     * Reading it back is the same as for any chunk (FORMAT.md 7.3).
     */
    public void addIncompressible(ChunkId id, byte[] buf, int off, int len) throws IOException {
        if (!config.storesIncompressible()) {
            add(id, buf, off, len);
            return;
        }
        accept(id, buf, off, len);
        guarded(() -> {
            if (storedStart >= 0 && (long) storedLength + len > config.targetSegmentSize()) {
                closeStoredSegment();
            }
            if (storedStart < 0) {
                storedStart = position;
                storedCrc.reset();
            }
            write(buf, off, len, true);
            storedCrc.update(buf, off, len);
            storedPending.add(new Pending(id, storedLength, len));
            ids.add(id);
            storedLength += len;
            if (storedLength >= config.targetSegmentSize()) {
                closeStoredSegment();
            }
        });
    }

    private void accept(ChunkId id, byte[] buf, int off, int len) {
        checkUsable();
        Objects.requireNonNull(id, "id");
        Objects.checkFromIndexSize(off, len, buf.length);
        if (ids.contains(id)) {
            throw new IllegalArgumentException("chunk already in this pack: chunk=" + id + " pack=" + header.packId());
        }
    }

    /** Whether this pack has reached its target size (written bytes + pending raw bytes + trailer + footer). */
    public boolean isFull() {
        int open = (compressedPending.isEmpty() ? 0 : 1) + (storedStart >= 0 ? 1 : 0);
        long trailer = IndexBody.encodedSize(segments.size() + Math.max(1, open), chunkCount());
        return position + rawLength + trailer + PackFooter.SIZE >= config.targetPackSize();
    }

    /** Bytes written to the stream so far. */
    public long bytesWritten() {
        return position;
    }

    public int chunkCount() {
        return chunks.size() + compressedPending.size() + storedPending.size();
    }

    /** Raw bytes accepted but not yet written (the current segment). */
    public int pendingRawBytes() {
        return rawLength;
    }

    /** Writes the last segment, the trailer and the footer; flushes the stream. The writer is then done. */
    public PackResult finish() throws IOException {
        checkUsable();
        PackResult[] result = new PackResult[1];
        guarded(() -> {
            flushSegment();
            closeStoredSegment();
            long trailerOffset = position;
            IndexBody body = new IndexBody(segments, chunks);
            byte[] trailer = body.encode();
            write(trailer, 0, trailer.length, true);
            write(PackFooter.checksummedPrefix(trailerOffset, trailer.length), 0, PackFooter.SHA_OFF, true);
            PackFooter footer = new PackFooter(trailerOffset, trailer.length, sha.digest());
            byte[] footerBytes = footer.encode();
            write(footerBytes, PackFooter.SHA_OFF, PackFooter.SIZE - PackFooter.SHA_OFF, false);
            out.flush();
            PackIndexObject index = new PackIndexObject(header.tier(), header.content(), header.packId(),
                    footer.packLength(), footer.sha256(), trailerOffset, body);
            result[0] = new PackResult(header, body, footer, index.encode());
        });
        finished = true;
        return result[0];
    }

    /** Ends the open stored segment, if any: its bytes are written already, its records are made now. */
    private void closeStoredSegment() {
        if (storedStart < 0) {
            return;
        }
        addSegment(storedStart, storedLength, storedLength, (int) storedCrc.getValue(), Codec.NONE, 0, storedPending);
        storedStart = -1;
        storedLength = 0;
    }

    private void addSegment(long offset, int stored, int rawBytes, int crc, Codec used, int level, List<Pending> pending) {
        int first = chunks.size();
        int index = segments.size();
        for (Pending p : pending) {
            chunks.add(new ChunkRecord(p.id(), index, p.offset(), p.length()));
        }
        segments.add(new SegmentRecord(offset, stored, rawBytes, first, pending.size(), crc, used, level));
        pending.clear();
    }

    private void flushSegment() throws IOException {
        if (compressedPending.isEmpty()) {
            return;
        }
        closeStoredSegment(); // it lies before this one in the stream
        int max = codec.maxStoredLength(rawLength);
        if (stored.length < max) {
            stored = buffers != null ? buffers.stored(max) : new byte[max];
        }
        Codec used = config.compression().codec();
        int level = config.compression().level();
        int n = buffers != null && used != Codec.NONE ? codec.compress(raw, 0, rawLength, stored, buffers.zstd())
                : codec.compress(raw, 0, rawLength, stored);
        byte[] bytes = stored;
        if (used != Codec.NONE && n >= rawLength) {
            used = Codec.NONE;
            level = 0;
            n = rawLength;
            bytes = raw;
        }
        int crc = Checksums.crc32c(bytes, 0, n);
        long offset = position;
        write(bytes, 0, n, true);
        addSegment(offset, n, rawLength, crc, used, level, compressedPending);
        rawLength = 0;
        if (raw.length > config.targetSegmentSize()) {
            if (buffers != null) {
                buffers.trimRaw(config.targetSegmentSize());
                raw = buffers.raw(Math.min(config.targetSegmentSize(), PackBuffers.INITIAL_RAW));
            } else {
                raw = new byte[config.targetSegmentSize()];
            }
        }
    }

    private void write(byte[] b, int off, int len, boolean hashed) throws IOException {
        out.write(b, off, len);
        if (hashed) {
            sha.update(b, off, len);
        }
        position += len;
    }

    private void checkUsable() {
        if (failure != null) {
            throw new IllegalStateException("pack writer failed earlier; discard pack " + header.packId(), failure);
        }
        if (finished) {
            throw new IllegalStateException("pack already finished: " + header.packId());
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private void guarded(Step step) throws IOException {
        try {
            step.run();
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }
}
