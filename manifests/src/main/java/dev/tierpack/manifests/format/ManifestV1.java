package dev.tierpack.manifests.format;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nar.NarEntry;
import dev.tierpack.core.nar.NarPath;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.ingest.StorePathLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Manifest format version 1 (docs/FORMAT.md 8.2). Fixed head, then varint-prefixed strings and entries:
 *
 * <pre>
 *  0   8  magic TIERMANI
 *  8   2  version = 1
 * 10   1  placement tier code
 * 11   1  reserved, zero
 * 12  32  NarHash (SHA-256 digest)
 * 44   8  NarSize
 * 52   .. store path (varint length, bytes), narinfo text (varint length, UTF-8), entry count (varint), entries
 * </pre>
 *
 * Varints are unsigned LEB128 in their shortest form, at most 63 bits. The encoding is canonical: one manifest has
 * exactly one blob, so equal manifests have equal chunk ids.
 */
final class ManifestV1 {
    static final int PLACEMENT_OFF = 10;
    static final int RESERVED_OFF = 11;
    static final int NAR_HASH_OFF = 12;
    static final int NAR_SIZE_OFF = 44;
    static final int HEAD_SIZE = 52;

    static final int TAG_DIRECTORY = 1;
    static final int TAG_END_DIRECTORY = 2;
    static final int TAG_SYMLINK = 3;
    static final int TAG_REGULAR = 4;
    static final int TAG_EXECUTABLE = 5;

    static final int MAX_STORE_PATH = 4096;
    static final int MAX_NARINFO = 16 << 20;
    static final int MAX_NAME = 255;
    static final int MAX_TARGET = 4095;

    private ManifestV1() {}

    static byte[] encode(Manifest m) {
        Out out = new Out(HEAD_SIZE + m.narInfoText().length() + 64 * m.layout().entries().size()
                + 40 * (int) Math.min(m.layout().chunkRefs(), 1 << 24));
        out.bytes(ManifestFormat.MAGIC_BYTES);
        out.u8(ManifestFormat.VERSION_1);
        out.u8(0);
        out.u8(m.placement().code());
        out.u8(0);
        out.bytes(m.narHash().bytes());
        long size = m.narSize();
        for (int i = 0; i < 8; i++) {
            out.u8((int) (size >>> (8 * i)));
        }
        out.string(m.storePath().toString().getBytes(StandardCharsets.UTF_8));
        out.string(m.narInfoText().getBytes(StandardCharsets.UTF_8));
        List<NarEntry> entries = m.layout().entries();
        out.varint(entries.size());
        Iterator<List<ChunkRef>> files = m.layout().files().iterator();
        byte[] id = new byte[ChunkId.LENGTH];
        for (NarEntry e : entries) {
            switch (e) {
                case NarEntry.Directory d -> {
                    out.u8(TAG_DIRECTORY);
                    out.string(d.path().name());
                }
                case NarEntry.EndDirectory d -> out.u8(TAG_END_DIRECTORY);
                case NarEntry.Symlink s -> {
                    out.u8(TAG_SYMLINK);
                    out.string(s.path().name());
                    out.string(s.target());
                }
                case NarEntry.RegularFile f -> {
                    out.u8(f.executable() ? TAG_EXECUTABLE : TAG_REGULAR);
                    out.string(f.path().name());
                    out.varint(f.size());
                    List<ChunkRef> refs = files.next();
                    out.varint(refs.size());
                    for (ChunkRef r : refs) {
                        r.id().writeTo(id, 0);
                        out.bytes(id);
                        out.varint(r.length());
                    }
                }
            }
            if (out.length > ManifestFormat.MAX_SIZE) {
                throw new FormatException("manifest too large", "storePath", m.storePath(), "max", ManifestFormat.MAX_SIZE);
            }
        }
        return out.toArray();
    }

    static Manifest decode(byte[] b, String object) {
        In in = new In(b, object);
        in.require(HEAD_SIZE, "manifest head");
        TierCode placement;
        try {
            placement = TierCode.fromCode(b[PLACEMENT_OFF] & 0xFF);
        } catch (FormatException e) {
            throw (FormatException) e.with("object", object).with("offset", PLACEMENT_OFF);
        }
        if (b[RESERVED_OFF] != 0) {
            throw in.fail("manifest reserved byte not zero", RESERVED_OFF);
        }
        NixHash narHash = new NixHash(HashAlgorithm.SHA256, Arrays.copyOfRange(b, NAR_HASH_OFF, NAR_SIZE_OFF));
        long narSize = 0;
        for (int i = 7; i >= 0; i--) {
            narSize = narSize << 8 | (b[NAR_SIZE_OFF + i] & 0xFF);
        }
        if (narSize < 1) {
            throw in.fail("manifest NarSize out of range", NAR_SIZE_OFF).with("narSize", Long.toUnsignedString(narSize));
        }
        in.pos = HEAD_SIZE;

        int at = in.pos;
        String path = in.utf8(MAX_STORE_PATH, "store path");
        StorePath storePath;
        try {
            storePath = StorePath.parse(path);
        } catch (FormatException e) {
            throw (FormatException) e.with("object", object).with("offset", at);
        }
        at = in.pos;
        String text = in.utf8(MAX_NARINFO, "narinfo text");
        NarInfo info;
        try {
            info = NarInfo.parse(text, object);
        } catch (FormatException e) {
            throw (FormatException) e.with("offset", at);
        }
        if (!info.storePath().equals(storePath) || !info.narHash().equals(narHash) || info.narSize() != narSize) {
            throw in.fail("manifest head differs from its narinfo", at).with("storePath", storePath)
                    .with("narinfoStorePath", info.storePath());
        }

        at = in.pos;
        long count = in.varint();
        if (count > in.remaining()) {
            throw in.fail("manifest entry count exceeds its bytes", at).with("entries", count);
        }
        List<NarEntry> entries = new ArrayList<>((int) count);
        List<List<ChunkRef>> files = new ArrayList<>();
        NarPositions pos = new NarPositions();
        for (long i = 0; i < count; i++) {
            at = in.pos;
            try {
                int tag = in.u8();
                if (tag == TAG_END_DIRECTORY) {
                    entries.add(new NarEntry.EndDirectory(pos.endDirectory()));
                    continue;
                }
                if (tag < TAG_DIRECTORY || tag > TAG_EXECUTABLE) {
                    throw new FormatException("unknown manifest entry tag", "tag", tag);
                }
                NarPath p = pos.next(in.string(MAX_NAME, "entry name"));
                switch (tag) {
                    case TAG_DIRECTORY -> {
                        pos.directory(p);
                        entries.add(new NarEntry.Directory(p));
                    }
                    case TAG_SYMLINK -> {
                        byte[] target = in.string(MAX_TARGET, "symlink target");
                        pos.symlink(p, target.length);
                        try {
                            entries.add(new NarEntry.Symlink(p, target));
                        } catch (IllegalArgumentException e) {
                            throw new FormatException("invalid symlink target", "path", p.toString(), "reason", e.getMessage());
                        }
                    }
                    default -> {
                        boolean executable = tag == TAG_EXECUTABLE;
                        long size = in.varint();
                        long refs = in.varint();
                        if (refs > in.remaining() / (ChunkId.LENGTH + 1)) {
                            throw new FormatException("chunk count exceeds the manifest's bytes", "path", p.toString(),
                                    "chunks", refs);
                        }
                        List<ChunkRef> chunks = new ArrayList<>((int) refs);
                        long sum = 0;
                        for (long k = 0; k < refs; k++) {
                            ChunkId id = ChunkId.read(b, in.take(ChunkId.LENGTH));
                            long length = in.varint();
                            if (length < 1 || length > Integer.MAX_VALUE) {
                                throw new FormatException("chunk length out of range", "path", p.toString(),
                                        "chunk", id, "length", length);
                            }
                            chunks.add(new ChunkRef(id, (int) length));
                            sum += length;
                        }
                        if (sum != size) {
                            throw new FormatException("file chunks do not add up to its size", "path", p.toString(),
                                    "size", size, "chunks", sum);
                        }
                        long contents = pos.file(p, executable, size);
                        entries.add(new NarEntry.RegularFile(p, executable, size, contents));
                        files.add(chunks);
                    }
                }
            } catch (TierpackException e) {
                throw e.with("object", object).with("offset", at);
            } catch (ArithmeticException e) {
                throw new FormatException("manifest sizes overflow", "object", object, "offset", at);
            }
        }
        if (!pos.complete()) {
            throw in.fail("manifest NAR structure is incomplete", in.pos);
        }
        if (in.remaining() != 0) {
            throw in.fail("trailing bytes after the manifest entries", in.pos).with("trailing", in.remaining());
        }
        if (pos.size() != narSize) {
            throw in.fail("manifest NAR structure size differs from NarSize", NAR_SIZE_OFF)
                    .with("structureSize", pos.size()).with("narSize", narSize);
        }
        try {
            return new Manifest(info, text, placement, new StorePathLayout(entries, files));
        } catch (TierpackException e) {
            throw e.with("object", object);
        }
    }

    /** A growing output buffer. */
    private static final class Out {
        byte[] buf;
        int length;

        Out(int initial) {
            buf = new byte[Math.max(256, Math.min(initial, 1 << 20))];
        }

        void ensure(int n) {
            if (length + n > buf.length) {
                long want = Math.max((long) buf.length * 2, (long) length + n);
                if (want > ManifestFormat.MAX_SIZE + 64L) {
                    throw new FormatException("manifest too large", "max", ManifestFormat.MAX_SIZE);
                }
                buf = Arrays.copyOf(buf, (int) want);
            }
        }

        void u8(int v) {
            ensure(1);
            buf[length++] = (byte) v;
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, length, b.length);
            length += b.length;
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[length++] = (byte) v;
        }

        void string(byte[] b) {
            varint(b.length);
            bytes(b);
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, length);
        }
    }

    /** A bounds-checked reader of the blob; every error names the object and offset. */
    private static final class In {
        final byte[] b;
        final String object;
        int pos;

        In(byte[] b, String object) {
            this.b = b;
            this.object = object;
        }

        int remaining() {
            return b.length - pos;
        }

        FormatException fail(String what, int offset) {
            return new FormatException(what, "object", object, "offset", offset);
        }

        void require(int n, String what) {
            if (remaining() < n) {
                throw fail("truncated manifest (" + what + ")", pos).with("length", b.length)
                        .with("expected", (long) pos + n);
            }
        }

        /** Skips {@code n} bytes; returns where they start. */
        int take(int n) {
            require(n, "field");
            int at = pos;
            pos += n;
            return at;
        }

        int u8() {
            require(1, "entry");
            return b[pos++] & 0xFF;
        }

        /** An unsigned LEB128 varint in its shortest form, at most 63 bits. */
        long varint() {
            int at = pos;
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                if (pos >= b.length) {
                    throw fail("truncated manifest (varint)", at);
                }
                int x = b[pos++] & 0xFF;
                if (shift == 63 && x > 0) {
                    throw fail("varint exceeds 63 bits", at);
                }
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    if (x == 0 && shift > 0) {
                        throw fail("varint not in its shortest form", at);
                    }
                    return v;
                }
            }
        }

        byte[] string(int max, String what) {
            int at = pos;
            long n = varint();
            if (n > max) {
                throw fail(what + " too long", at).with("length", n).with("max", max);
            }
            int from = take((int) n);
            return Arrays.copyOfRange(b, from, from + (int) n);
        }

        String utf8(int max, String what) {
            int at = pos;
            byte[] bytes = string(max, what);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw fail(what + " is not valid UTF-8", at);
            }
        }
    }
}
