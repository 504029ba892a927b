package dev.tierpack.manifests.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.nar.NarPath;
import dev.tierpack.core.nar.NarWriter;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Manifest format v1 against the spec (FORMAT.md 8), the real-Nix corpus, and damaged blobs. */
class ManifestFormatTest {
    static byte[] tinyNar;
    static NarInfo tinyInfo;
    static Manifest tiny;
    static byte[] tinyBlob;

    @BeforeAll
    static void tiny() throws IOException {
        ByteArrayOutputStream nar = new ByteArrayOutputStream();
        NarWriter w = new NarWriter(nar);
        w.directory(NarPath.ROOT);
        w.file(NarPath.of("a"), true, "hi\n".getBytes(StandardCharsets.US_ASCII));
        w.symlink(NarPath.of("b"), "a".getBytes(StandardCharsets.US_ASCII));
        w.endDirectory(NarPath.ROOT);
        w.finish();
        tinyNar = nar.toByteArray();
        tinyInfo = Layouts.narInfo("tiny", tinyNar);
        tiny = new Manifest(tinyInfo, tinyInfo.toText(), TierCode.WARM, Layouts.of(tinyNar));
        tinyBlob = ManifestFormat.encode(tiny);
    }

    /** The blob written independently from the byte tables of FORMAT.md 8.2. */
    @Test
    void encodingFollowsTheSpecByteForByte() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("TIERMANI".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {1, 0});                 // version 1, little-endian
        b.write(1);                                      // placement: warm
        b.write(0);                                      // reserved
        b.writeBytes(tinyInfo.narHash().bytes());        // NarHash digest
        for (int i = 0; i < 8; i++) {                    // NarSize, little-endian
            b.write((int) ((long) tinyNar.length >>> (8 * i)));
        }
        byte[] path = tinyInfo.storePath().toString().getBytes(StandardCharsets.US_ASCII);
        leb128(b, path.length);
        b.writeBytes(path);
        byte[] text = tinyInfo.toText().getBytes(StandardCharsets.UTF_8);
        leb128(b, text.length);
        b.writeBytes(text);
        b.write(4);                                      // entries
        b.writeBytes(new byte[] {1, 0});                 // directory, root (empty name)
        b.writeBytes(new byte[] {5, 1, 'a', 3, 1});      // executable file "a", size 3, 1 chunk
        b.writeBytes(new ChunkHasher().hash("hi\n".getBytes(StandardCharsets.US_ASCII)).bytes());
        b.write(3);                                      // chunk length
        b.writeBytes(new byte[] {3, 1, 'b', 1, 'a'});    // symlink "b" -> "a"
        b.write(2);                                      // end of directory
        assertThat(tinyBlob).isEqualTo(b.toByteArray());
        assertThat(text.length).isGreaterThan(127);      // the narinfo length took a two-byte varint
    }

    private static void leb128(ByteArrayOutputStream b, long v) {
        while (v >= 0x80) {
            b.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b.write((int) v);
    }

    @Test
    void everyCorpusStorePathRoundTripsAndEncodesCanonically() throws IOException {
        for (Path p : Corpus.narinfos()) {
            NarInfo info = NarInfo.parse(Files.readString(p), p.getFileName().toString());
            Manifest m = new Manifest(info, Files.readString(p), TierCode.COLD, Layouts.ofCorpus(Corpus.cache(), info));
            byte[] blob = ManifestFormat.encode(m);
            Manifest back = ManifestFormat.decode(blob, ManifestFormat.id(blob), p.toString());
            assertThat(back).as(p.toString()).isEqualTo(m);
            assertThat(back.narInfoText()).isEqualTo(Files.readString(p));
            assertThat(ManifestFormat.encode(back)).isEqualTo(blob);
            // well under the raw layout: ~40 bytes per chunk reference plus names
            assertThat(blob.length).isLessThan(200 + Files.readString(p).length()
                    + 64 * m.layout().entries().size() + 40 * (int) m.layout().chunkRefs());
        }
    }

    @Test
    void aManifestCannotDescribeANarOfAnotherSize() {
        NarInfo lying = NarInfo.builder(tinyInfo.storePath(), "nar/x.nar", tinyInfo.narHash(), tinyNar.length + 8)
                .compression("none").build();
        assertThatThrownBy(() -> new Manifest(lying, lying.toText(), TierCode.WARM, tiny.layout()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("NAR structure size differs from NarSize")
                .hasMessageContaining(tinyInfo.storePath().toString());
        assertThatThrownBy(() -> new Manifest(tinyInfo, tinyInfo.toText().replace("none", "xz"), TierCode.WARM,
                tiny.layout()))
                .isInstanceOf(FormatException.class).hasMessageContaining("narinfo text does not match");
    }

    @Test
    void everyTruncationIsAFormatErrorNamingTheObject() {
        for (int n = 0; n < tinyBlob.length; n++) {
            byte[] cut = Arrays.copyOf(tinyBlob, n);
            FormatException e = catchThrowableOfType(FormatException.class, () -> ManifestFormat.decode(cut, "m-" + cut.length));
            assertThat(e).as("prefix of %d bytes", n).isNotNull();
            assertThat(e.getMessage()).contains("object=m-" + n);
        }
    }

    @Test
    void rejectsDamagedBlobsWithTheReasonAndOffset() {
        int entries = entriesOffset();
        assertRejected(set(tinyBlob, 0, 'X'), "bad manifest magic", "offset=0");
        UnsupportedFormatVersionException v = catchThrowableOfType(UnsupportedFormatVersionException.class,
                () -> ManifestFormat.decode(set(tinyBlob, 8, 2), "m"));
        assertThat(v.version()).isEqualTo(2);
        assertThat(v.getMessage()).contains("unsupported manifest format version", "object=m", "version=2");
        assertRejected(set(tinyBlob, 10, 7), "unknown tier code", "offset=10");
        assertRejected(set(tinyBlob, 11, 1), "reserved byte not zero", "offset=11");
        assertRejected(set(tinyBlob, 44, tinyNar.length + 8), "manifest head differs from its narinfo");
        assertRejected(Arrays.copyOf(tinyBlob, tinyBlob.length + 1), "trailing bytes", "trailing=1");
        assertRejected(set(tinyBlob, entries + 1, 9), "unknown manifest entry tag", "offset=" + (entries + 1));
        assertRejected(set(tinyBlob, entries + 5, 'c'), "entries out of NAR order", "path=b");
        assertRejected(set(tinyBlob, entries + 5, '/'), "invalid entry name");
        assertRejected(set(tinyBlob, tinyBlob.length - 7, 2), "file chunks do not add up to its size", "path=a");
        assertRejected(set(Arrays.copyOf(tinyBlob, tinyBlob.length - 1), entries, 3), "NAR structure is incomplete");
        byte[] longCount = new byte[tinyBlob.length + 1];
        System.arraycopy(tinyBlob, 0, longCount, 0, entries);
        longCount[entries] = (byte) 0x84;
        longCount[entries + 1] = 0;
        System.arraycopy(tinyBlob, entries + 1, longCount, entries + 2, tinyBlob.length - entries - 1);
        assertRejected(longCount, "varint not in its shortest form", "offset=" + entries);
    }

    @Test
    void theChunkIdIsTheIntegrityCheck() {
        byte[] flipped = tinyBlob.clone();
        flipped[20] ^= 1; // inside the NarHash: still decodes structurally, but is not the stored manifest
        IntegrityException e = catchThrowableOfType(IntegrityException.class,
                () -> ManifestFormat.decode(flipped, ManifestFormat.id(tinyBlob), "manifest-x"));
        assertThat(e.getMessage()).contains("manifest checksum mismatch", "object=manifest-x",
                "expected=" + ManifestFormat.id(tinyBlob));
    }

    @Test
    void decodedFilesCarryTheirNarOffsets() {
        var file = (dev.tierpack.core.nar.NarEntry.RegularFile) ManifestFormat.decode(tinyBlob, "m").layout().entries().get(1);
        assertThat(file.contentsOffset()).isEqualTo(indexOf(tinyNar, "hi\n".getBytes(StandardCharsets.US_ASCII)));
    }

    private static int entriesOffset() {
        int textLength = tinyInfo.toText().getBytes(StandardCharsets.UTF_8).length;
        return 52 + 1 + tinyInfo.storePath().toString().length() + 2 + textLength;
    }

    private static void assertRejected(byte[] blob, String... parts) {
        FormatException e = catchThrowableOfType(FormatException.class, () -> ManifestFormat.decode(blob, "manifest-y"));
        assertThat(e).as(String.join(" ", parts)).isNotNull();
        assertThat(e.getMessage()).contains("object=manifest-y").contains(parts);
    }

    private static byte[] set(byte[] b, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) value;
        return c;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
