package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorePathTest {
    static final String HASH = "6394aq01c0dg3pkckn1h9j55m19nngaj";

    @Test
    void parsesAFullPath() {
        StorePath p = StorePath.parse("/nix/store/" + HASH + "-python3-3.12.1");
        assertThat(p.storeDir()).isEqualTo("/nix/store");
        assertThat(p.hashPart()).isEqualTo(HASH);
        assertThat(p.name()).isEqualTo("python3-3.12.1");
        assertThat(p.baseName()).isEqualTo(HASH + "-python3-3.12.1");
        assertThat(p.toString()).isEqualTo("/nix/store/" + HASH + "-python3-3.12.1");
        assertThat(p.hashBytes()).hasSize(20).isEqualTo(Nix32.decode(HASH));
        assertThat(StorePath.fromBaseName(p.baseName())).isEqualTo(p);
        assertThat(new StorePath(HASH, "python3-3.12.1")).isEqualTo(p);
        assertThat(StorePath.parse(p.toString(), "/nix/store")).isEqualTo(p);
    }

    @Test
    void keepsOtherStoreDirectories() {
        StorePath p = StorePath.parse("/gnu/store/" + HASH + "-hello-2.12");
        assertThat(p.storeDir()).isEqualTo("/gnu/store");
        assertThat(StorePath.fromBaseName("/gnu/store", p.baseName())).isEqualTo(p);
        assertThat(p).isNotEqualTo(p.withStoreDir("/nix/store"));
        assertThatThrownBy(() -> StorePath.parse(p.toString(), "/nix/store"))
                .isInstanceOf(FormatException.class).hasMessageContaining("not in the expected store directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A-Z_a.z+0=9?x", "foo-1.0", "x.", "-", "?="})
    void acceptsValidNames(String name) {
        assertThat(StorePath.fromBaseName(HASH + "-" + name).name()).isEqualTo(name);
    }

    @Test
    void acceptsHiddenNamesLikeCurrentNix() {
        assertThat(StorePath.fromBaseName(HASH + "-.hidden").name()).isEqualTo(".hidden");
        assertThat(StorePath.fromBaseName(HASH + "-..x").name()).isEqualTo("..x");
    }

    @Test
    void acceptsTheLongestName() {
        assertThat(StorePath.fromBaseName(HASH + "-" + "x".repeat(211)).name()).hasSize(211);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                           | too short",
        ".                            | is '.' or '..'",
        "..                           | is '.' or '..'",
        ".-x                          | is '.' or '..'",
        "..-x                         | is '.' or '..'",
        "foo bar                      | illegal character",
        "foo/bar                      | illegal character",
        "foo@1                        | illegal character",
        "caf\u00e9                    | illegal character",
        "foo:bar                      | illegal character"})
    void rejectsInvalidNames(String name, String reason) {
        assertThatThrownBy(() -> StorePath.fromBaseName(HASH + "-" + name))
                .isInstanceOf(FormatException.class).hasMessageContaining(reason);
    }

    @Test
    void rejectsTooLongName() {
        assertThatThrownBy(() -> StorePath.fromBaseName(HASH + "-" + "x".repeat(212)))
                .isInstanceOf(FormatException.class).hasMessageContaining("too long").hasMessageContaining("length=212");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/nix/store/6394aq01c0dg3pkckn1h9j55m19nngae-foo | non-nix32 character",
        "/nix/store/6394AQ01c0dg3pkckn1h9j55m19nngaj-foo | non-nix32 character",
        "/nix/store/6394aq01c0dg3pkckn1h9j55m19nnga-foo  | no '-' after the hash part",
        "/nix/store/6394aq01c0dg3pkckn1h9j55m19nngajx    | too short",
        "nix/store/6394aq01c0dg3pkckn1h9j55m19nngaj-foo  | canonical absolute path",
        "6394aq01c0dg3pkckn1h9j55m19nngaj-foo            | not absolute",
        "/nix//store/6394aq01c0dg3pkckn1h9j55m19nngaj-foo | canonical absolute path",
        "/nix/../store/6394aq01c0dg3pkckn1h9j55m19nngaj-foo | canonical absolute path",
        "/6394aq01c0dg3pkckn1h9j55m19nngaj-foo           | canonical absolute path",
        "/nix/store/6394aq01c0dg3pkckn1h9j55m19nngaj-foo/bin | too short"})
    void rejectsInvalidPaths(String path, String reason) {
        assertThatThrownBy(() -> StorePath.parse(path))
                .isInstanceOf(FormatException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource({
        "python3-3.12.1, python3, 3.12.1",
        "esbuild-linux-x64-0.24.2.tgz, esbuild-linux-x64, 0.24.2.tgz",
        "stdenv-linux, stdenv-linux, ",
        "prettier-3.3.3, prettier, 3.3.3",
        "nix-2.3pre1234_abcdef, nix, 2.3pre1234_abcdef",
        "foo-bar-baz-1-2, foo-bar-baz, 1-2",
        "name-, name-, ",
        "hello-_x, hello, _x",
        "x, x, "})
    void splitsPackageNameAndVersionLikeNixDrvName(String name, String packageName, String version) {
        StorePath p = StorePath.fromBaseName(HASH + "-" + name);
        assertThat(p.packageName()).isEqualTo(packageName);
        assertThat(p.version()).isEqualTo(java.util.Optional.ofNullable(version));
    }

    @Test
    void corpusStorePathsHaveTheExpectedPackageNames() throws IOException {
        Set<String> seen = new java.util.TreeSet<>();
        for (Path f : Corpus.narinfos()) {
            String first = Files.readAllLines(f).getFirst();
            assertThat(first).startsWith("StorePath: ");
            StorePath p = StorePath.parse(first.substring("StorePath: ".length()));
            assertThat(p.toString()).isEqualTo(first.substring("StorePath: ".length()));
            assertThat(f.getFileName().toString()).isEqualTo(p.hashPart() + ".narinfo");
            seen.add(p.packageName());
        }
        assertThat(seen).containsExactly("esbuild", "esbuild-linux-x64", "prettier", "python3", "stdenv-linux");
    }
}
