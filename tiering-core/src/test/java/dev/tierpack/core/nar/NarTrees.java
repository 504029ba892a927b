package dev.tierpack.core.nar;

import dev.tierpack.core.nar.NarEntry.Directory;
import dev.tierpack.core.nar.NarEntry.EndDirectory;
import dev.tierpack.core.nar.NarEntry.RegularFile;
import dev.tierpack.core.nar.NarEntry.Symlink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** An independent model of a file tree, its jqwik generators, and conversions to and from NAR events. */
final class NarTrees {
    private NarTrees() {}

    sealed interface Node {}

    record File(boolean executable, byte[] data) implements Node {}

    record Link(byte[] target) implements Node {}

    /** Children sorted by unsigned name bytes, names unique. */
    record Dir(List<Child> children) implements Node {}

    record Child(byte[] name, Node node) {}

    // ---- generators ----

    /** Random trees: the root is a directory most of the time, up to 4 levels deep. */
    static Arbitrary<Node> trees() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, file()),
                Tuple.of(1, link()),
                Tuple.of(8, dir(3)));
    }

    private static Arbitrary<Node> node(int depth) {
        if (depth == 0) {
            return Arbitraries.frequencyOf(Tuple.of(3, file()), Tuple.of(1, link()),
                    Tuple.of(1, Arbitraries.just(new Dir(List.of()))));
        }
        return Arbitraries.frequencyOf(Tuple.of(3, file()), Tuple.of(1, link()), Tuple.of(2, dir(depth)));
    }

    private static Arbitrary<Node> dir(int depth) {
        Arbitrary<Child> child = Combinators.combine(names(), Arbitraries.lazy(() -> node(depth - 1))).as(Child::new);
        return child.list().ofMaxSize(5)
                .uniqueElements(c -> HexFormat.of().formatHex(c.name()))
                .map(children -> {
                    List<Child> sorted = new ArrayList<>(children);
                    sorted.sort(Comparator.comparing(Child::name, Arrays::compareUnsigned));
                    return new Dir(List.copyOf(sorted));
                });
    }

    /** Any byte except NUL and '/', with a bias to a few bytes so siblings share prefixes. */
    private static Arbitrary<Byte> nameByte() {
        Arbitrary<Byte> any = Arbitraries.integers().between(1, 255).filter(i -> i != '/').map(i -> (byte) (int) i);
        Arbitrary<Byte> few = Arbitraries.of((byte) 'a', (byte) 'b', (byte) '.', (byte) '-', (byte) 0x7f,
                (byte) 0x80, (byte) 0xc3, (byte) 0xff);
        return Arbitraries.frequencyOf(Tuple.of(1, any), Tuple.of(2, few));
    }

    static Arbitrary<byte[]> names() {
        return Arbitraries.frequencyOf(
                        Tuple.of(20, nameByte().array(byte[].class).ofMinSize(1).ofMaxSize(6)),
                        Tuple.of(1, nameByte().array(byte[].class).ofSize(255)))
                .filter(n -> !(n.length == 1 && n[0] == '.') && !(n.length == 2 && n[0] == '.' && n[1] == '.'));
    }

    private static Arbitrary<Node> file() {
        Arbitrary<byte[]> data = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new byte[0])),
                Tuple.of(20, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
                Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMinSize(8200).ofMaxSize(12000)));
        return Combinators.combine(Arbitraries.of(true, false), data).as(File::new);
    }

    private static Arbitrary<Node> link() {
        Arbitrary<Byte> b = Arbitraries.integers().between(1, 255).map(i -> (byte) (int) i);
        return Arbitraries.frequencyOf(
                        Tuple.of(20, b.array(byte[].class).ofMinSize(1).ofMaxSize(40)),
                        Tuple.of(1, b.array(byte[].class).ofSize(4095)))
                .map(Link::new);
    }

    // ---- conversions ----

    /** Writes the tree with {@link NarWriter}; returns the file entries the writer reported. */
    static List<RegularFile> write(NarWriter w, NarPath path, Node node) throws IOException {
        List<RegularFile> files = new ArrayList<>();
        writeInto(w, path, node, files);
        return files;
    }

    private static void writeInto(NarWriter w, NarPath path, Node node, List<RegularFile> files) throws IOException {
        switch (node) {
            case File f -> files.add(w.file(path, f.executable(), f.data()));
            case Link l -> w.symlink(path, l.target());
            case Dir d -> {
                w.directory(path);
                for (Child c : d.children()) {
                    writeInto(w, path.resolve(c.name()), c.node(), files);
                }
                w.endDirectory(path);
            }
        }
    }

    static byte[] toNar(Node tree) {
        return NarTesting.write(w -> write(w, NarPath.ROOT, tree));
    }

    /** Rebuilds the tree from a reader's events and contents. */
    static Node fromEntries(List<NarEntry> entries, Map<NarPath, byte[]> contents) {
        Iterator<NarEntry> it = entries.iterator();
        Node root = build(it.next(), it, contents);
        if (it.hasNext()) {
            throw new AssertionError("events after the root: " + it.next());
        }
        return root;
    }

    private static Node build(NarEntry e, Iterator<NarEntry> it, Map<NarPath, byte[]> contents) {
        return switch (e) {
            case RegularFile f -> new File(f.executable(), contents.get(f.path()));
            case Symlink s -> new Link(s.target());
            case Directory d -> {
                List<Child> children = new ArrayList<>();
                for (NarEntry next = it.next(); !(next instanceof EndDirectory end); next = it.next()) {
                    if (!d.path().equals(next.path().parent())) {
                        throw new AssertionError(next + " is not a child of " + d);
                    }
                    children.add(new Child(next.path().name(), build(next, it, contents)));
                }
                yield new Dir(children);
            }
            case EndDirectory x -> throw new AssertionError("unexpected " + x);
        };
    }

    /** A canonical text form, for comparing trees by content. */
    static String render(Node node) {
        HexFormat hex = HexFormat.of();
        return switch (node) {
            case File f -> (f.executable() ? "X:" : "F:") + hex.formatHex(f.data());
            case Link l -> "L:" + hex.formatHex(l.target());
            case Dir d -> {
                StringBuilder sb = new StringBuilder("D{");
                for (Child c : d.children()) {
                    sb.append(hex.formatHex(c.name())).append('=').append(render(c.node())).append(';');
                }
                yield sb.append('}').toString();
            }
        };
    }
}
