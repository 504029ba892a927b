package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.compress.SegmentCodec;
import dev.tierpack.packer.format.Checksums;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.IndexBody;
import dev.tierpack.packer.format.PackFooter;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackHeader;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.SegmentRecord;
import dev.tierpack.packer.pack.VerifyResult.BadChunk;
import dev.tierpack.packer.pack.VerifyResult.BadFooter;
import dev.tierpack.packer.pack.VerifyResult.BadHeader;
import dev.tierpack.packer.pack.VerifyResult.BadIndexObject;
import dev.tierpack.packer.pack.VerifyResult.BadSegment;
import dev.tierpack.packer.pack.VerifyResult.ChecksumMismatch;
import dev.tierpack.packer.pack.VerifyResult.LengthMismatch;
import dev.tierpack.packer.pack.VerifyResult.Problem;
import dev.tierpack.packer.pack.VerifyResult.TrailerMismatch;
import dev.tierpack.packer.pack.VerifyResult.Truncated;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Full verification. {@link #verify} reads a pack once, front to back, against its (already decoded) index
 * object, holding one segment at a time: header CRC and identity, every segment's CRC32C and decoding, every
 * chunk's SHA-256 against its id, trailer = IndexBody of the index object, footer, SHA-256 of the whole stream
 * and length. It reports every problem rather than stopping at the first; a truncation ends the walk.
 * {@link #verifyIndexObject} checks an index object's structure, checksum and invariants.
 */
public final class PackVerifier {
    private static final HexFormat HEX = HexFormat.of();

    private PackVerifier() {}

    /** Verifies an index object (FORMAT.md 4 and the invariants of 3.3). */
    public static VerifyResult verifyIndexObject(byte[] bytes, String objectName) {
        try {
            PackFormat.readIndexObject(bytes, objectName);
            return new VerifyResult(objectName, bytes.length, 0, List.of());
        } catch (TierpackException e) {
            return new VerifyResult(objectName, bytes.length, 0, List.of(new BadIndexObject(e.getMessage())));
        }
    }

    /** Verifies the pack read from {@code pack} (from its first byte) against {@code expected}. */
    public static VerifyResult verify(InputStream pack, PackIndexObject expected, String packName) throws IOException {
        return new Walk(pack, expected, packName).run();
    }

    private static final class Walk {
        private final InputStream in;
        private final PackIndexObject expected;
        private final String name;
        private final MessageDigest sha = Checksums.sha256();
        private final List<Problem> problems = new ArrayList<>();
        private long position;
        private int chunksVerified;

        Walk(InputStream in, PackIndexObject expected, String name) {
            this.in = in;
            this.expected = expected;
            this.name = name;
        }

        VerifyResult run() throws IOException {
            if (header() && segments() && trailer() && footer()) {
                end();
            }
            return new VerifyResult(name, position, chunksVerified, problems);
        }

        private boolean header() throws IOException {
            byte[] b = take(PackHeader.SIZE, "the pack header", true);
            if (b == null) {
                return false;
            }
            try {
                PackHeader h = PackFormat.readPackHeader(b, name);
                if (!h.packId().equals(expected.packId()) || h.tier() != expected.tier() || h.content() != expected.content()) {
                    problems.add(new BadHeader("header says pack " + h.packId() + " " + h.tier() + " " + h.content()
                            + ", index object says " + expected.packId() + " " + expected.tier() + " " + expected.content()));
                }
            } catch (TierpackException e) {
                problems.add(new BadHeader(e.getMessage()));
            }
            return true;
        }

        private boolean segments() throws IOException {
            IndexBody body = expected.body();
            for (int i = 0; i < body.segments().size(); i++) {
                SegmentRecord s = body.segments().get(i);
                byte[] stored = take(s.storedLength(), "segment " + i, true);
                if (stored == null) {
                    return false;
                }
                List<ChunkRecord> chunks = body.chunksOf(i);
                int crc = Checksums.crc32c(stored, 0, stored.length);
                if (crc != s.crc32c()) {
                    problems.add(new BadSegment(i, s.offset(), "CRC32C " + Integer.toHexString(crc) + " expected "
                            + Integer.toHexString(s.crc32c()), ids(chunks)));
                    continue;
                }
                byte[] raw;
                try {
                    raw = SegmentCodec.decompress(s.codec(), stored, 0, stored.length, s.rawLength());
                } catch (TierpackException e) {
                    problems.add(new BadSegment(i, s.offset(), e.getMessage(), ids(chunks)));
                    continue;
                }
                for (ChunkRecord c : chunks) {
                    ChunkId actual = ChunkHasher.forCurrentThread().hash(raw, c.offsetInSegment(), c.rawLength());
                    if (!actual.equals(c.id())) {
                        problems.add(new BadChunk(c.id(), i, "content hashes to " + actual.toHex()));
                    }
                    chunksVerified++;
                }
            }
            return true;
        }

        private boolean trailer() throws IOException {
            long offset = position;
            byte[] want = expected.body().encode();
            byte[] got = take(want.length, "the trailer", true);
            if (got == null) {
                return false;
            }
            int diff = Arrays.mismatch(want, got);
            if (diff >= 0) {
                problems.add(new TrailerMismatch(offset + diff,
                        "differs from the index object's IndexBody at trailer byte " + diff));
            }
            return true;
        }

        private boolean footer() throws IOException {
            long offset = position;
            byte[] head = take(PackFooter.SHA_OFF, "the footer", true);
            if (head == null) {
                return false;
            }
            byte[] actualSha = sha.digest();
            byte[] tail = take(PackFooter.SIZE - PackFooter.SHA_OFF, "the footer", false);
            if (tail == null) {
                return false;
            }
            byte[] footer = Arrays.copyOf(head, PackFooter.SIZE);
            System.arraycopy(tail, 0, footer, PackFooter.SHA_OFF, tail.length);
            try {
                PackFooter f = PackFormat.readFooter(footer, 0, name, offset);
                PackFooter want = expected.footer();
                if (f.trailerOffset() != want.trailerOffset() || f.trailerLength() != want.trailerLength()) {
                    problems.add(new BadFooter(offset, "trailer " + f.trailerOffset() + "+" + f.trailerLength()
                            + ", index object says " + want.trailerOffset() + "+" + want.trailerLength()));
                }
            } catch (TierpackException e) {
                problems.add(new BadFooter(offset, e.getMessage()));
            }
            byte[] recorded = Arrays.copyOfRange(footer, PackFooter.SHA_OFF, PackFooter.MAGIC_OFF);
            byte[] indexed = expected.packSha256();
            if (!Arrays.equals(recorded, actualSha)) {
                problems.add(new ChecksumMismatch("pack footer", HEX.formatHex(recorded), HEX.formatHex(actualSha)));
            }
            if (!Arrays.equals(indexed, actualSha) && !Arrays.equals(indexed, recorded)) {
                problems.add(new ChecksumMismatch("index object", HEX.formatHex(indexed), HEX.formatHex(actualSha)));
            }
            return true;
        }

        private void end() throws IOException {
            long extra = 0;
            byte[] skip = new byte[8192];
            for (int n; (n = in.read(skip)) > 0; ) {
                extra += n;
            }
            if (extra > 0 || position != expected.packLength()) {
                problems.add(new LengthMismatch(expected.packLength(), position + extra));
            }
        }

        /** Exactly {@code n} bytes, or null after recording a truncation. */
        private byte[] take(int n, String what, boolean hashed) throws IOException {
            byte[] b = in.readNBytes(n);
            if (hashed) {
                sha.update(b);
            }
            position += b.length;
            if (b.length < n) {
                problems.add(new Truncated(position, what));
                return null;
            }
            return b;
        }

        private static List<ChunkId> ids(List<ChunkRecord> chunks) {
            return chunks.stream().map(ChunkRecord::id).toList();
        }
    }
}
