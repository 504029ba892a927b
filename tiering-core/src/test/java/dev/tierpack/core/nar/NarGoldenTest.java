package dev.tierpack.core.nar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.core.nar.NarEntry.RegularFile;
import dev.tierpack.core.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.XZInputStream;

/** Golden tests against NARs, narinfos and {@code .ls} listings produced by the real Nix CLI. */
class NarGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON tree equality where numbers compare by value (an int and a long node holding 96 are equal). */
    private static final Comparator<JsonNode> NUMERIC_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** The fields of one corpus narinfo this test needs (parsed minimally, on purpose). */
    record CorpusNarinfo(String hashPart, String storePath, Path nar, long narSize, byte[] narHash) {
        @Override
        public String toString() {
            return hashPart;
        }
    }

    static List<CorpusNarinfo> narinfos() {
        return Corpus.narinfos().stream().map(NarGoldenTest::parse).toList();
    }

    private static CorpusNarinfo parse(Path narinfo) {
        try {
            Map<String, String> fields = Files.readAllLines(narinfo).stream()
                    .filter(l -> l.contains(": "))
                    .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(": ")),
                            l -> l.substring(l.indexOf(": ") + 2), (a, b) -> a));
            String name = narinfo.getFileName().toString();
            String narHash = fields.get("NarHash");
            assertThat(narHash).startsWith("sha256:");
            return new CorpusNarinfo(name.substring(0, name.length() - ".narinfo".length()),
                    fields.get("StorePath"),
                    Corpus.cache().resolve(fields.get("URL")),
                    Long.parseLong(fields.get("NarSize")),
                    nix32Decode(narHash.substring("sha256:".length()), 32));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nix's base-32 (alphabet without e, o, u, t; least significant digit last). */
    static byte[] nix32Decode(String s, int size) {
        String alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
        assertThat(s).hasSize((size * 8 - 1) / 5 + 1);
        byte[] out = new byte[size];
        for (int n = 0; n < s.length(); n++) {
            int digit = alphabet.indexOf(s.charAt(s.length() - n - 1));
            assertThat(digit).as("nix32 digit").isNotNegative();
            int b = n * 5;
            int i = b / 8;
            int j = b % 8;
            out[i] |= (byte) (digit << j);
            if (i < size - 1) {
                out[i + 1] |= (byte) (digit >> (8 - j));
            } else {
                assertThat(digit >> (8 - j)).as("nix32 overflow").isZero();
            }
        }
        return out;
    }

    private static byte[] decompress(Path xz) throws IOException {
        try (InputStream in = new XZInputStream(Files.newInputStream(xz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void corpusIsComplete() {
        List<CorpusNarinfo> infos = narinfos();
        assertThat(infos).hasSize(25);
        assertThat(infos).extracting(CorpusNarinfo::nar).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Corpus.nars());
    }

    @Test
    void nix32DecodingMatchesAKnownHash() {
        // sha256("") = e3b0c442...b855, whose nix32 form is well known from Nix.
        byte[] expected = java.util.HexFormat.of()
                .parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(nix32Decode("0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73", 32)).isEqualTo(expected);
    }

    @Test
    void tukaaniXzMatchesRealXz() throws Exception {
        Path xz = narinfos().stream().map(CorpusNarinfo::nar)
                .min((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        Process p = new ProcessBuilder("xz", "-dc", xz.toString()).redirectErrorStream(false).start();
        byte[] real;
        try (InputStream out = p.getInputStream()) {
            real = out.readAllBytes();
        }
        assertThat(p.waitFor()).isZero();
        assertThat(decompress(xz)).isEqualTo(real);
    }

    /**
     * For each corpus NAR (decompressed once): reading and rewriting it gives identical bytes, its
     * size and SHA-256 match the narinfo's NarSize and NarHash, every contentsOffset points at the
     * file's contents, and the listing equals Nix's {@code .ls} (as a JSON tree and byte for byte).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("narinfos")
    void corpusNarRoundTripsAndMatchesNarinfoAndListing(CorpusNarinfo info) throws Exception {
        byte[] nar = decompress(info.nar());
        assertThat((long) nar.length).isEqualTo(info.narSize());
        assertThat(MessageDigest.getInstance("SHA-256").digest(nar)).isEqualTo(info.narHash());

        ByteArrayOutputStream rewritten = new ByteArrayOutputStream(nar.length);
        NarWriter writer = new NarWriter(rewritten);
        NarDigest digest = new NarDigest(new ByteArrayInputStream(nar), info.narSize());
        NarReader reader = new NarReader(digest, NarReader.Options.DEFAULT.withMaxNarSize(info.narSize()));
        assertThat(writer.copy(reader)).isPositive();
        writer.finish();
        assertThat(reader.offset()).isEqualTo(info.narSize());
        digest.verify(info.narHash(), info.narSize(), info.storePath());
        assertThat(rewritten.size()).isEqualTo(nar.length);
        assertThat(Arrays.equals(rewritten.toByteArray(), nar)).as("byte-identical rewrite").isTrue();

        NarTesting.Read read = NarTesting.readAll(nar);
        assertThat(read.contents()).isNotEmpty();
        for (NarEntry e : read.entries()) {
            if (e instanceof RegularFile f) {
                byte[] inNar = Arrays.copyOfRange(nar, (int) f.contentsOffset(), (int) (f.contentsOffset() + f.size()));
                assertThat(inNar).as(f.path().toString()).isEqualTo(read.contents().get(f.path()));
            }
        }

        Path ls = Corpus.cache().resolve(info.hashPart() + ".ls");
        JsonNode expected = JSON.readTree(ls.toFile());
        JsonNode actual = NarListing.listing(new ByteArrayInputStream(nar));
        assertThat(actual.equals(NUMERIC_VALUE, expected)).as("%s equals %s", actual, expected).isTrue();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        NarListing.write(new ByteArrayInputStream(nar), json);
        assertThat(json.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(ls));
    }

    /** The production path: xz stream -> NarDigest -> NarReader -> NarWriter, without a byte[] in between. */
    @Test
    void streamsStraightFromXz() throws IOException {
        CorpusNarinfo info = narinfos().stream().max(Comparator.comparingLong(CorpusNarinfo::narSize)).orElseThrow();
        CountingSink sink = new CountingSink();
        try (InputStream xz = new XZInputStream(Files.newInputStream(info.nar()))) {
            NarDigest digest = new NarDigest(xz, info.narSize());
            NarWriter writer = new NarWriter(sink);
            writer.copy(new NarReader(digest, NarReader.Options.DEFAULT.withMaxNarSize(info.narSize())));
            writer.finish();
            digest.verify(info.narHash(), info.narSize(), info.storePath());
        }
        assertThat(sink.count).isEqualTo(info.narSize());
        assertThat(sink.sha256()).isEqualTo(info.narHash());
    }

    /** The corpus exercises the shapes the reader must handle (checked on Nix's own listings). */
    @Test
    void corpusCoversExecutablesNestedAndEmptyDirectoriesAndRootFiles() throws IOException {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (CorpusNarinfo info : narinfos()) {
            collect(JSON.readTree(Corpus.cache().resolve(info.hashPart() + ".ls").toFile()).get("root"), nodes);
        }
        assertThat(nodes).anyMatch(n -> n.path("executable").asBoolean(false));
        assertThat(nodes).anyMatch(n -> n.path("type").asText().equals("directory") && n.get("entries").isEmpty());
        assertThat(nodes).anyMatch(n -> n.path("type").asText().equals("directory")
                && n.get("entries").valueStream().anyMatch(c -> c.path("type").asText().equals("directory")
                        && c.get("entries").valueStream().anyMatch(g -> g.path("type").asText().equals("directory"))));
        assertThat(narinfos()).anyMatch(info -> {
            try {
                return JSON.readTree(Corpus.cache().resolve(info.hashPart() + ".ls").toFile())
                        .at("/root/type").asText().equals("regular");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        node.path("entries").valueStream().forEach(c -> collect(c, out));
    }

    /** An OutputStream that only counts and hashes. */
    private static final class CountingSink extends java.io.OutputStream {
        long count;
        final MessageDigest sha = newSha256();

        @Override
        public void write(int b) {
            count++;
            sha.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            sha.update(b, off, len);
        }

        byte[] sha256() {
            return sha.digest();
        }

        private static MessageDigest newSha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
