package dev.tierpack.packer.format;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.chunk.ChunkId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IndexBody (FORMAT.md 3.3): a pack's segment and chunk records, stored as the pack trailer and, byte for
 * byte, inside the pack index object. An instance always satisfies the invariants of 3.3 that do not need the
 * pack's trailer offset (checked on construction): segments follow each other in the pack; segment {@code i}
 * owns chunk records {@code [firstChunk, firstChunk + count)}, consecutive and covering all records; those carry
 * index {@code i} and tile its raw bytes; chunk ids are unique. {@link #checkPlacement} adds the rest.
 */
public final class IndexBody {
    public static final int SEGMENT_COUNT_OFF = 0;
    public static final int CHUNK_COUNT_OFF = SEGMENT_COUNT_OFF + 4;
    public static final int RECORDS_OFF = CHUNK_COUNT_OFF + 4;

    private final List<SegmentRecord> segments;
    private final List<ChunkRecord> chunks;
    private final Map<ChunkId, Integer> positions;

    public IndexBody(List<SegmentRecord> segments, List<ChunkRecord> chunks) {
        this.segments = List.copyOf(segments);
        this.chunks = List.copyOf(chunks);
        if (encodedSize(this.segments.size(), this.chunks.size()) > Integer.MAX_VALUE) {
            throw new FormatException("index body too large", "segments", this.segments.size(), "chunks", this.chunks.size());
        }
        this.positions = HashMap.newHashMap(this.chunks.size());
        int nextChunk = 0;
        for (int i = 0; i < this.segments.size(); i++) {
            SegmentRecord s = this.segments.get(i);
            if (i > 0 && s.offset() != this.segments.get(i - 1).end()) {
                throw new FormatException("segments not contiguous", "segment", i,
                        "segmentOffset", s.offset(), "expected", this.segments.get(i - 1).end());
            }
            if (s.firstChunk() != nextChunk || s.endChunk() > this.chunks.size()) {
                throw new FormatException("segment chunk range does not follow the previous one", "segment", i,
                        "firstChunk", s.firstChunk(), "chunkCount", s.chunkCount(),
                        "expected", nextChunk, "chunks", this.chunks.size());
            }
            int rawOffset = 0;
            for (int c = s.firstChunk(); c < s.endChunk(); c++) {
                ChunkRecord r = this.chunks.get(c);
                if (r.segment() != i || r.offsetInSegment() != rawOffset) {
                    throw new FormatException("chunk record does not tile its segment", "chunk", r.id(), "chunkIndex", c,
                            "segment", r.segment(), "expectedSegment", i,
                            "offsetInSegment", r.offsetInSegment(), "expectedOffset", rawOffset);
                }
                rawOffset += r.rawLength();
                if (positions.putIfAbsent(r.id(), c) != null) {
                    throw new FormatException("duplicate chunk id in pack", "chunk", r.id(), "chunkIndex", c,
                            "firstIndex", positions.get(r.id()));
                }
            }
            if (rawOffset != s.rawLength()) {
                throw new FormatException("segment raw length is not the sum of its chunks", "segment", i,
                        "rawLength", s.rawLength(), "sum", rawOffset);
            }
            nextChunk = s.endChunk();
        }
        if (nextChunk != this.chunks.size()) {
            throw new FormatException("chunk records not covered by segments", "chunkIndex", nextChunk,
                    "chunks", this.chunks.size());
        }
    }

    /** Encoded size for the given counts: {@code 8 + 32·S + 44·C}. */
    public static long encodedSize(int segmentCount, int chunkCount) {
        return RECORDS_OFF + (long) segmentCount * SegmentRecord.SIZE + (long) chunkCount * ChunkRecord.SIZE;
    }

    public int encodedSize() {
        return (int) encodedSize(segments.size(), chunks.size());
    }

    public List<SegmentRecord> segments() {
        return segments;
    }

    public List<ChunkRecord> chunks() {
        return chunks;
    }

    /** The record of a chunk in this pack, if present. */
    public Optional<ChunkRecord> find(ChunkId id) {
        Integer i = positions.get(id);
        return i == null ? Optional.empty() : Optional.of(chunks.get(i));
    }

    /** The chunk records of segment {@code i}, in offset order. */
    public List<ChunkRecord> chunksOf(int segment) {
        SegmentRecord s = segments.get(segment);
        return chunks.subList(s.firstChunk(), s.endChunk());
    }

    public long rawBytes() {
        return segments.stream().mapToLong(SegmentRecord::rawLength).sum();
    }

    public long storedBytes() {
        return segments.stream().mapToLong(SegmentRecord::storedLength).sum();
    }

    /**
     * Checks the placement invariants of FORMAT.md 3.3 that need the trailer offset: the segments run contiguously
     * from offset 64 (the header's end) to {@code trailerOffset}.
     */
    public void checkPlacement(long trailerOffset) {
        long start = segments.isEmpty() ? PackHeader.SIZE : segments.getFirst().offset();
        long end = segments.isEmpty() ? PackHeader.SIZE : segments.getLast().end();
        if (start != PackHeader.SIZE) {
            throw new FormatException("first segment does not start after the header", "segment", 0,
                    "segmentOffset", start, "expected", PackHeader.SIZE);
        }
        if (end != trailerOffset) {
            throw new FormatException("segments do not end at the trailer", "segmentsEnd", end, "trailerOffset", trailerOffset);
        }
    }

    public byte[] encode() {
        byte[] b = new byte[encodedSize()];
        Le.put32(b, SEGMENT_COUNT_OFF, segments.size());
        Le.put32(b, CHUNK_COUNT_OFF, chunks.size());
        int off = RECORDS_OFF;
        for (SegmentRecord s : segments) {
            s.encodeTo(b, off);
            off += SegmentRecord.SIZE;
        }
        for (ChunkRecord c : chunks) {
            c.encodeTo(b, off);
            off += ChunkRecord.SIZE;
        }
        return b;
    }

    /**
     * Decodes a body occupying exactly {@code buf[off, off + len)}, which is at {@code objectOffset} in its object.
     * Errors carry the offset (in the object) of the offending record and, where relevant, segment/chunk indexes.
     */
    public static IndexBody decode(byte[] buf, int off, int len, long objectOffset) {
        if (len < RECORDS_OFF) {
            throw new FormatException("truncated index body", "offset", objectOffset, "length", len, "expected", RECORDS_OFF);
        }
        int s;
        int c;
        try {
            s = Le.u31(buf, off + SEGMENT_COUNT_OFF, "segments");
            c = Le.u31(buf, off + CHUNK_COUNT_OFF, "chunks");
        } catch (FormatException e) {
            throw (FormatException) e.with("offset", objectOffset);
        }
        long expected = encodedSize(s, c);
        if (expected != len) {
            throw new FormatException("index body length does not match its counts", "offset", objectOffset,
                    "segments", s, "chunks", c, "length", len, "expected", expected);
        }
        long chunksAt = objectOffset + RECORDS_OFF + (long) s * SegmentRecord.SIZE;
        SegmentRecord[] segs = new SegmentRecord[s];
        for (int i = 0; i < s; i++) {
            int at = RECORDS_OFF + i * SegmentRecord.SIZE;
            try {
                segs[i] = SegmentRecord.decode(buf, off + at, objectOffset + at);
            } catch (FormatException e) {
                throw (FormatException) e.with("segment", i);
            }
        }
        ChunkRecord[] recs = new ChunkRecord[c];
        for (int i = 0; i < c; i++) {
            int at = RECORDS_OFF + s * SegmentRecord.SIZE + i * ChunkRecord.SIZE;
            try {
                recs[i] = ChunkRecord.decode(buf, off + at, chunksAt + (long) i * ChunkRecord.SIZE);
            } catch (FormatException e) {
                throw (FormatException) e.with("chunkIndex", i);
            }
        }
        try {
            return new IndexBody(List.of(segs), List.of(recs));
        } catch (FormatException e) {
            long at = objectOffset;
            if (e.get("chunkIndex") instanceof Integer i) {
                at = chunksAt + (long) i * ChunkRecord.SIZE;
            } else if (e.get("segment") instanceof Integer i) {
                at = objectOffset + RECORDS_OFF + (long) i * SegmentRecord.SIZE;
            }
            throw (FormatException) e.with("offset", at);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexBody other && segments.equals(other.segments) && chunks.equals(other.chunks);
    }

    @Override
    public int hashCode() {
        return 31 * segments.hashCode() + chunks.hashCode();
    }

    @Override
    public String toString() {
        return "IndexBody[segments=" + segments.size() + ", chunks=" + chunks.size() + "]";
    }
}
