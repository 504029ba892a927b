package dev.tierpack.manifests.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.nar.NarPath;
import dev.tierpack.core.nar.NarWriter;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.packer.format.TierCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random trees: manifest encode/decode is an identity, canonical, and preserves the NAR's structure and size. */
class ManifestPropertiesTest {
    sealed interface Node {}

    record File(boolean executable, byte[] data) implements Node {}

    record Link(String target) implements Node {}

    record Dir(TreeMap<String, Node> children) implements Node {}

    @Property(tries = 100)
    void roundTripsAnyTree(@ForAll("trees") Node root, @ForAll boolean cold) throws IOException {
        ByteArrayOutputStream nar = new ByteArrayOutputStream();
        NarWriter w = new NarWriter(nar);
        write(w, NarPath.ROOT, root);
        w.finish();
        NarInfo info = Layouts.narInfo("tree", nar.toByteArray());
        Manifest m = new Manifest(info, info.toText(), cold ? TierCode.COLD : TierCode.WARM, Layouts.of(nar.toByteArray()));
        byte[] blob = ManifestFormat.encode(m);
        Manifest back = ManifestFormat.decode(blob, ManifestFormat.id(blob), "tree");
        assertThat(back).isEqualTo(m);
        assertThat(ManifestFormat.encode(back)).isEqualTo(blob);
    }

    private static void write(NarWriter w, NarPath path, Node node) throws IOException {
        switch (node) {
            case File f -> w.file(path, f.executable(), f.data());
            case Link l -> w.symlink(path, l.target().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case Dir d -> {
                w.directory(path);
                for (var e : d.children().entrySet()) {
                    write(w, path.resolve(e.getKey()), e.getValue());
                }
                w.endDirectory(path);
            }
        }
    }

    @Provide
    Arbitrary<Node> trees() {
        return node(3);
    }

    private Arbitrary<Node> node(int depth) {
        Arbitrary<Node> file = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40_000)).as(File::new);
        Arbitrary<Node> link = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '.').ofMinLength(1)
                .ofMaxLength(40).map(Link::new);
        if (depth == 0) {
            return Arbitraries.oneOf(file, link);
        }
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', 'é').ofMinLength(1)
                .ofMaxLength(12).filter(n -> !n.equals(".") && !n.equals(".."));
        Arbitrary<Node> dir = Arbitraries.maps(names, Arbitraries.lazy(() -> node(depth - 1))).ofMaxSize(5)
                .map(children -> {
                    TreeMap<String, Node> sorted = new TreeMap<>((a, b) -> java.util.Arrays.compareUnsigned(
                            a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    sorted.putAll(children);
                    return new Dir(sorted);
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, file), net.jqwik.api.Tuple.of(1, link),
                net.jqwik.api.Tuple.of(3, dir));
    }

}
