package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.format.Checksums;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.IndexBody;
import dev.tierpack.packer.format.PackFooter;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackHeader;
import dev.tierpack.packer.format.SegmentRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads parts of one stored pack through range reads, never the whole pack: the header (one read), the footer and
 * trailer (two reads), one segment (one read, CRC32C-checked, decompressed) or one chunk (its segment, then its
 * SHA-256 checked against its id). Every error names the pack and the offset; segment and chunk errors name them.
 */
public final class PackReader {
    private final RangeSource source;
    private final long packLength;
    private final String pack;

    /**
     * @param packLength the stored object's length (from the index object or a listing)
     * @param pack       the name used in errors, normally the object key
     */
    public PackReader(RangeSource source, long packLength, String pack) {
        this.source = source;
        this.packLength = packLength;
        this.pack = pack;
    }

    public String name() {
        return pack;
    }

    public long packLength() {
        return packLength;
    }

    public PackHeader readHeader() throws IOException {
        return PackFormat.readPackHeader(read(0, PackHeader.SIZE), pack);
    }

    /** Reads the last 56 bytes, then the trailer they point to; checks the IndexBody invariants of FORMAT.md 3.3. */
    public PackTail readFooterAndTrailer() throws IOException {
        long minimum = PackHeader.SIZE + IndexBody.RECORDS_OFF + PackFooter.SIZE;
        if (packLength < minimum) {
            throw new FormatException(packLength == 0 ? "empty pack" : "pack too short", "pack", pack,
                    "length", packLength, "expected", minimum);
        }
        long footerOffset = packLength - PackFooter.SIZE;
        PackFooter footer = PackFormat.readFooter(read(footerOffset, PackFooter.SIZE), 0, pack, footerOffset);
        byte[] trailer = read(footer.trailerOffset(), footer.trailerLength());
        try {
            IndexBody body = IndexBody.decode(trailer, 0, trailer.length, footer.trailerOffset());
            body.checkPlacement(footer.trailerOffset());
            return new PackTail(footer, body);
        } catch (FormatException e) {
            throw (FormatException) e.with("pack", pack).with("offset", footer.trailerOffset());
        }
    }

    /** The raw bytes of one segment: one range read, CRC32C check, decompression to its raw length. */
    public byte[] readSegment(SegmentRecord segment) throws IOException {
        byte[] stored = read(segment.offset(), segment.storedLength());
        int crc = Checksums.crc32c(stored, 0, stored.length);
        if (crc != segment.crc32c()) {
            throw new IntegrityException("segment checksum mismatch", "pack", pack, "offset", segment.offset(),
                    "expected", Integer.toHexString(segment.crc32c()), "actual", Integer.toHexString(crc));
        }
        try {
            return SegmentCodec.decompress(segment.codec(), stored, 0, stored.length, segment.rawLength());
        } catch (TierpackException e) {
            throw e.with("pack", pack).with("offset", segment.offset());
        }
    }

    /** The bytes of chunk {@code id}, checked against the id. */
    public byte[] readChunk(IndexBody index, ChunkId id) throws IOException {
        ChunkRecord rec = index.find(id).orElseThrow(
                () -> new IntegrityException("chunk not in pack", "pack", pack, "chunk", id));
        SegmentRecord segment = index.segments().get(rec.segment());
        byte[] raw;
        try {
            raw = readSegment(segment);
        } catch (TierpackException e) {
            throw e.with("segment", rec.segment()).with("chunk", id);
        }
        byte[] chunk = Arrays.copyOfRange(raw, rec.offsetInSegment(), rec.endInSegment());
        ChunkId actual = ChunkHasher.forCurrentThread().hash(chunk, 0, chunk.length);
        if (!actual.equals(id)) {
            throw new IntegrityException("chunk content does not match its id", "pack", pack, "offset", segment.offset(),
                    "segment", rec.segment(), "chunk", id, "actual", actual);
        }
        return chunk;
    }

    private byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || offset + length > packLength) {
            throw new FormatException("range outside the pack", "pack", pack, "offset", offset, "length", length,
                    "packLength", packLength);
        }
        byte[] b;
        try (InputStream in = source.open(offset, length)) {
            b = in.readNBytes(length);
        }
        if (b.length != length) {
            throw new FormatException("truncated pack", "pack", pack, "offset", offset + b.length,
                    "expected", offset + length);
        }
        return b;
    }
}
