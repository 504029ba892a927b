package dev.tierpack.packer.chunk;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkIdTest {
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void hashesAreSha256OfTheBytes() {
        ChunkHasher h = new ChunkHasher();
        assertThat(h.hash("abc".getBytes(StandardCharsets.US_ASCII))).hasToString(SHA256_ABC);
        assertThat(h.hash(new byte[0])).hasToString(SHA256_EMPTY);
        assertThat(h.hash("xxabcyy".getBytes(StandardCharsets.US_ASCII), 2, 3).toHex()).isEqualTo(SHA256_ABC);
    }

    @Property(tries = 200)
    void hashMatchesMessageDigest(@ForAll byte[] data) throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        assertThat(ChunkHasher.forCurrentThread().hash(data).bytes()).isEqualTo(expected);
    }

    @Test
    void eachThreadHasItsOwnHasher() throws Exception {
        ChunkHasher mine = ChunkHasher.forCurrentThread();
        assertThat(ChunkHasher.forCurrentThread()).isSameAs(mine);
        ChunkHasher other = CompletableFuture.supplyAsync(ChunkHasher::forCurrentThread).get();
        assertThat(other).isNotSameAs(mine);
    }

    @Test
    void verifyAcceptsTheRightIdAndRejectsAWrongOne() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        ChunkHasher h = new ChunkHasher();
        h.verify(ChunkId.fromHex(SHA256_ABC), abc, 0, 3);
        assertThatThrownBy(() -> h.verify(ChunkId.fromHex(SHA256_EMPTY), abc, 0, 3))
                .isInstanceOf(IntegrityException.class)
                .hasMessage("chunk hash mismatch: expected=" + SHA256_EMPTY + " actual=" + SHA256_ABC + " length=3");
    }

    @Test
    void rejectsWrongLengthsAndBadHexNamingTheValue() {
        assertThatThrownBy(() -> ChunkId.of(new byte[31])).isInstanceOf(FormatException.class)
                .hasMessage("chunk id must be 32 bytes: length=31");
        assertThatThrownBy(() -> ChunkId.fromHex("abcd")).isInstanceOf(FormatException.class)
                .hasMessage("chunk id must be 64 hex digits: value=abcd length=4");
        String bad = "zz" + SHA256_ABC.substring(2);
        assertThatThrownBy(() -> ChunkId.fromHex(bad)).isInstanceOf(FormatException.class)
                .hasMessage("chunk id is not hex: value=" + bad);
    }

    @Test
    void idsAreDetachedFromArrays() {
        byte[] digest = HexFormat.of().parseHex(SHA256_ABC);
        ChunkId id = ChunkId.of(digest);
        digest[0] = 0;
        assertThat(id.toHex()).isEqualTo(SHA256_ABC);
        byte[] out = id.bytes();
        out[1] = 0;
        assertThat(id.bytes()).isEqualTo(HexFormat.of().parseHex(SHA256_ABC));
        byte[] buf = new byte[40];
        id.writeTo(buf, 8);
        assertThat(ChunkId.read(buf, 8)).isEqualTo(id);
        assertThat(ChunkId.fromHex(SHA256_ABC.toUpperCase())).isEqualTo(id);
    }

    @Property(tries = 500)
    void bytesHexAndOrderAgree(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
        ChunkId x = ChunkId.of(a);
        ChunkId y = ChunkId.of(b);
        assertThat(x.bytes()).isEqualTo(a);
        assertThat(ChunkId.fromHex(x.toHex())).isEqualTo(x).hasSameHashCodeAs(x);
        assertThat(x.toHex()).isEqualTo(HexFormat.of().formatHex(a));
        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Integer.signum(x.toHex().compareTo(y.toHex())));
        assertThat(x.equals(y)).isEqualTo(Arrays.equals(a, b));
        assertThat(x.compareTo(ChunkId.of(a.clone()))).isZero();
        assertThat(x).isEqualTo(ChunkId.of(a.clone()));
    }

    @Test
    void idsThatDifferOnlyInTheirLastByteAreDistinctAndOrderedUnsigned() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[31] = (byte) 0xff;
        assertThat(ChunkId.of(a)).isNotEqualTo(ChunkId.of(b)).isLessThan(ChunkId.of(b));
        a[0] = (byte) 0x80; // unsigned: 0x80 > 0x00 although negative as a Java byte
        assertThat(ChunkId.of(a)).isGreaterThan(ChunkId.of(b));
    }
}
