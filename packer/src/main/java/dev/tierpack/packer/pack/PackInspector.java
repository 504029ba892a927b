package dev.tierpack.packer.pack;

import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.IndexBody;
import dev.tierpack.packer.format.PackFooter;
import dev.tierpack.packer.format.PackHeader;
import dev.tierpack.packer.format.SegmentRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * A readable multi-line dump of a pack for {@code packer inspect}: header, every segment, the first chunks and
 * totals (raw bytes, stored bytes, compression ratio). Reads only the header, footer and trailer.
 */
public final class PackInspector {
    private PackInspector() {}

    /** Reads the header and tail through {@code reader} and describes them. */
    public static String inspect(PackReader reader, int maxChunks) throws IOException {
        return describe(reader.readHeader(), reader.readFooterAndTrailer(), maxChunks);
    }

    public static String describe(PackHeader header, PackTail tail, int maxChunks) {
        PackFooter footer = tail.footer();
        IndexBody body = tail.index();
        StringBuilder sb = new StringBuilder();
        line(sb, "pack %s (%s)", header.packId(), header.packId().objectKey());
        line(sb, "  format    v1, tier %s, content %s, created %s", header.tier(), header.content(),
                Instant.ofEpochMilli(header.createdMillis()));
        line(sb, "  length    %d bytes, trailer at %d (%d bytes), sha256 %s", footer.packLength(),
                footer.trailerOffset(), footer.trailerLength(), footer.sha256Hex());
        line(sb, "  totals    %d segments, %d chunks, raw %d bytes, stored %d bytes, ratio %s",
                body.segments().size(), body.chunks().size(), body.rawBytes(), body.storedBytes(),
                ratio(body.rawBytes(), body.storedBytes()));
        line(sb, "segments:");
        for (int i = 0; i < body.segments().size(); i++) {
            SegmentRecord s = body.segments().get(i);
            line(sb, "  segment %d  offset %d  stored %d  raw %d  ratio %s  chunks [%d, %d)  %s/%d  crc32c %08x",
                    i, s.offset(), s.storedLength(), s.rawLength(), ratio(s.rawLength(), s.storedLength()),
                    s.firstChunk(), s.endChunk(), s.codec().name().toLowerCase(Locale.ROOT), s.level(), s.crc32c());
        }
        int shown = Math.min(Math.max(maxChunks, 0), body.chunks().size());
        line(sb, "chunks (first %d of %d):", shown, body.chunks().size());
        for (int i = 0; i < shown; i++) {
            ChunkRecord c = body.chunks().get(i);
            line(sb, "  chunk %d  %s  segment %d  offset %d  length %d", i, c.id(), c.segment(),
                    c.offsetInSegment(), c.rawLength());
        }
        if (shown < body.chunks().size()) {
            line(sb, "  ... %d more", body.chunks().size() - shown);
        }
        return sb.toString();
    }

    private static String ratio(long raw, long stored) {
        return stored == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) raw / stored);
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
