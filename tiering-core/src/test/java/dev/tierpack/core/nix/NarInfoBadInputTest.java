package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.testing.Corpus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed narinfos, each derived from a real corpus file by one edit. */
class NarInfoBadInputTest {
    static final String OBJECT = "bad/6394aq01c0dg3pkckn1h9j55m19nngaj.narinfo";
    /** Lines: 1 StorePath, 2 URL, 3 Compression, 4 FileHash, 5 FileSize, 6 NarHash, 7 NarSize, 8 References, 9 Deriver, 10 Sig. */
    static final String GOOD = NarInfoGoldenTest.read(Corpus.cache().resolve("6394aq01c0dg3pkckn1h9j55m19nngaj.narinfo"));

    static String replaceLine(int line, String replacement) {
        String[] lines = GOOD.split("\n", -1);
        lines[line - 1] = replacement;
        return String.join("\n", lines);
    }

    static String value(int line) {
        String l = GOOD.split("\n")[line - 1];
        return l.substring(l.indexOf(": ") + 2);
    }

    static AbstractThrowableAssert<?, ?> assertRejected(String text, int line, String reason) {
        return assertThatThrownBy(() -> NarInfo.parse(text, OBJECT))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("invalid narinfo")
                .hasMessageContaining(reason)
                .hasMessageContaining("object=" + OBJECT)
                .hasMessageContaining("line=" + line);
    }

    @Test
    void theUneditedFileIsAccepted() {
        assertThat(NarInfo.parse(GOOD, OBJECT).toText()).isEqualTo(GOOD);
    }

    @Test
    void missingColon() {
        assertRejected(replaceLine(2, "URL nar/x.nar.xz"), 2, "no ':'");
    }

    @Test
    void colonWithoutSpace() {
        assertRejected(replaceLine(2, "URL:nar/x.nar.xz"), 2, "':' not followed by one space");
        assertRejected(replaceLine(8, "References:"), 8, "':' not followed by one space");
    }

    @ParameterizedTest
    @CsvSource({"1, StorePath", "2, URL", "6, NarHash", "7, NarSize"})
    void missingRequiredKey(int line, String key) {
        String text = GOOD.replace(GOOD.split("\n")[line - 1] + "\n", "");
        assertRejected(text, 10, "required key " + key + " is missing").hasMessageContaining("key=" + key);
    }

    @Test
    void missingOptionalKeysAreFine() {
        String text = GOOD.replace("Compression: xz\n", "").replace(GOOD.split("\n")[3] + "\n", "")
                .replace(GOOD.split("\n")[7] + "\n", "");
        NarInfo info = NarInfo.parse(text, OBJECT);
        assertThat(info.compression()).isEqualTo("bzip2");
        assertThat(info.fileHash()).isEmpty();
        assertThat(info.references()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8", "9"})
    void duplicateKey(int line) {
        String l = GOOD.split("\n")[line - 1];
        String key = l.substring(0, l.indexOf(':'));
        assertRejected(GOOD + l + "\n", 11, "duplicate key " + key);
    }

    @Test
    void duplicateSigAndCa() {
        assertRejected(GOOD + GOOD.split("\n")[9] + "\n", 11, "duplicate Sig");
        String ca = "CA: fixed:sha256:0fl80czbd7dqm15rhqbsjd75fqimrvvpcqyz6xydxfh4fa89wima\n";
        assertRejected(GOOD + ca + ca, 12, "duplicate key CA");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-5                    | not a plain non-negative decimal",
        "+5                    | not a plain non-negative decimal",
        "' 5'                  | not a plain non-negative decimal",
        "05                    | not a plain non-negative decimal",
        "5x                    | not a plain non-negative decimal",
        "0x10                  | not a plain non-negative decimal",
        "''                    | not a plain non-negative decimal",
        "99999999999999999999  | not a plain non-negative decimal",
        "9223372036854775808   | overflows a long",
        "0                     | NarSize is zero"})
    void badNarSize(String value, String reason) {
        assertRejected(replaceLine(7, "NarSize: " + value), 7, reason).hasMessageContaining("key=NarSize");
    }

    @Test
    void largestSizesAreAccepted() {
        NarInfo info = NarInfo.parse(replaceLine(7, "NarSize: 9223372036854775807").replace("FileSize: 890064", "FileSize: 0"), OBJECT);
        assertThat(info.narSize()).isEqualTo(Long.MAX_VALUE);
        assertThat(info.fileSize()).hasValue(0);
    }

    @Test
    void badFileSize() {
        assertRejected(replaceLine(5, "FileSize: -1"), 5, "FileSize is not a plain non-negative decimal");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sha256:00cp5ajadgy74n54qj4q1ihiz43f3jp4x64a91rw3vpzf4j1f1ze | invalid nix32 character",
        "sha256:00cp5ajadgy74n54qj4q1ihiz43f3jp4x64a91rw3vpzf4j1f1z  | neither hex, nix32 nor base64",
        "sha256:z0cp5ajadgy74n54qj4q1ihiz43f3jp4x64a91rw3vpzf4j1f1z1 | non-zero unused bits",
        "md5:00cp5ajadgy74n54qj4q1ihiz4                              | is not sha256",
        "sha3:00cp5ajadgy74n54qj4q1ihiz43f3jp4x64a91rw3vpzf4j1f1z1   | unknown hash algorithm",
        "00cp5ajadgy74n54qj4q1ihiz43f3jp4x64a91rw3vpzf4j1f1z1        | no algorithm prefix"})
    void badNarHash(String value, String reason) {
        assertRejected(replaceLine(6, "NarHash: " + value), 6, reason).hasMessageContaining("key=NarHash");
    }

    @Test
    void badFileHash() {
        assertRejected(replaceLine(4, "FileHash: sha256:xyz"), 4, "bad FileHash");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/nix/store/6394aq01c0dg3pkckn1h9j55m19nngaj                  | too short",
        "/nix/store/6394aq01c0dg3pkckn1h9j55m19nngaj-python3 3.12     | illegal character",
        "/nix/store/6394aq01c0dg3pkckn1h9j55m19nngaj-..-python3        | is '.' or '..'",
        "/nix/store/6394aq01c0dg3pkckn1h9j55m19nngae-python3          | non-nix32 character",
        "nix/store/6394aq01c0dg3pkckn1h9j55m19nngaj-python3           | canonical absolute path",
        "6394aq01c0dg3pkckn1h9j55m19nngaj-python3                     | not absolute"})
    void badStorePath(String value, String reason) {
        assertRejected(replaceLine(1, "StorePath: " + value), 1, reason).hasMessageContaining("bad StorePath");
    }

    @Test
    void storePathOutsideTheCachesStoreDir() {
        assertThatThrownBy(() -> NarInfoParser.forStoreDir("/gnu/store").parse(GOOD, OBJECT))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not in the cache's store directory")
                .hasMessageContaining("object=" + OBJECT)
                .hasMessageContaining("line=1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "References: 6394aq01c0dg3pkckn1h9j55m19nngaj                                     | too short",
        "References: /nix/store/dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux             | no '-' after the hash part",
        "References: dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux  6394aq01c0dg3pkckn1h9j55m19nngaj-python3 | empty entry",
        "References:  dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux                       | empty entry",
        "References: dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux | duplicate reference",
        "References: dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv/linux                        | illegal character",
        "Deriver: sl4q85bshkhgvhma3q6j9vbcrncgfq5g                                        | bad Deriver"})
    void badReference(String line, String reason) {
        int number = line.startsWith("Deriver") ? 9 : 8;
        assertRejected(replaceLine(number, line), number, reason);
    }

    @Test
    void trailingSpaceInReferences() {
        assertRejected(replaceLine(8, "References: dpwb6qm6irshd783v2jq4797mak0dpx5-stdenv-linux "), 8, "empty entry");
    }

    @Test
    void badSignatureAndContentAddress() {
        assertRejected(replaceLine(10, "Sig: corpus.example.org-1"), 10, "bad Sig");
        assertRejected(replaceLine(10, "Sig: corpus.example.org-1:AAAA"), 10, "wrong length");
        assertRejected(replaceLine(10, "Sig: :" + value(10).substring(value(10).indexOf(':') + 1)), 10, "key name is empty");
        assertRejected(GOOD + "CA: fixed:sha256:xyz\n", 11, "bad CA");
        assertRejected(GOOD + "CA: floating:sha256:0fl80czbd7dqm15rhqbsjd75fqimrvvpcqyz6xydxfh4fa89wima\n", 11, "neither 'text:' nor 'fixed:'");
    }

    @Test
    void badUrlAndCompression() {
        assertRejected(replaceLine(2, "URL: "), 2, "URL is empty");
        assertRejected(replaceLine(2, "URL: nar/a b.nar.xz"), 2, "space or control");
        assertRejected(replaceLine(3, "Compression: "), 3, "Compression is not a token");
        assertRejected(replaceLine(3, "Compression: x z"), 3, "Compression is not a token");
    }

    @Test
    void lineStructure() {
        assertRejected(GOOD.substring(0, GOOD.length() - 1), 10, "no terminating newline");
        assertRejected(GOOD.replace("\n", "\r\n"), 1, "control character");
        assertRejected(replaceLine(5, ""), 5, "empty line");
        assertRejected(GOOD + "\n", 11, "empty line");
        assertRejected(replaceLine(5, ": 5"), 5, "empty key");
        assertRejected(replaceLine(5, "File Size: 5"), 5, "key contains an illegal character");
        assertRejected(replaceLine(3, "Compression: x\u0000z"), 3, "control character");
    }

    @Test
    void invalidUtf8() {
        byte[] bytes = (GOOD + "X-Note: caf\u00e9\n").getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 2] = (byte) 0xff;
        assertThatThrownBy(() -> NarInfoParser.standard().parse(bytes, OBJECT))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not valid UTF-8").hasMessageContaining("object=" + OBJECT).hasMessageContaining("line=11");
    }

    @Test
    void oversizedLine() {
        String longLine = "X-Padding: " + "a".repeat(NarInfoParser.DEFAULT_MAX_LINE_BYTES);
        assertRejected(GOOD + longLine + "\n", 11, "line is too long").hasMessageContaining("maxLineBytes=" + NarInfoParser.DEFAULT_MAX_LINE_BYTES);
        String justFits = "X-Padding: " + "a".repeat(NarInfoParser.DEFAULT_MAX_LINE_BYTES - 11);
        assertThat(NarInfo.parse(GOOD + justFits + "\n", OBJECT).unknownFields()).hasSize(1);
        assertRejected(replaceLine(8, "References: " + "a".repeat(NarInfoParser.DEFAULT_MAX_LINE_BYTES)), 8, "line is too long");
    }

    @Test
    void oversizedObjectIsRejectedWithoutReadingItAll() {
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                served.addAndGet(len);
                return len;
            }
        };
        assertThatThrownBy(() -> NarInfoParser.standard().parse(endless, OBJECT))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("larger than the limit")
                .hasMessageContaining("object=" + OBJECT)
                .hasMessageContaining("maxBytes=" + NarInfoParser.DEFAULT_MAX_BYTES);
        assertThat(served.get()).isLessThanOrEqualTo(NarInfoParser.DEFAULT_MAX_BYTES + 1L);
        assertThatThrownBy(() -> NarInfo.parse("a".repeat(NarInfoParser.DEFAULT_MAX_BYTES + 1), OBJECT))
                .isInstanceOf(FormatException.class).hasMessageContaining("larger than the limit");
    }

    @Test
    void smallerLimitsCanBeConfigured() {
        assertThatThrownBy(() -> NarInfoParser.standard().withLimits(100, 50).parse(GOOD, OBJECT))
                .isInstanceOf(FormatException.class).hasMessageContaining("maxBytes=100");
        assertThatThrownBy(() -> NarInfoParser.standard().withLimits(10_000, 50).parse(GOOD, OBJECT))
                .isInstanceOf(FormatException.class).hasMessageContaining("line is too long").hasMessageContaining("line=1");
    }
}
