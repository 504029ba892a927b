package dev.tierpack.campaign.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryReaderTest {
    @TempDir Path dir;

    static List<InventoryObject> readAll(Path manifest) {
        List<InventoryObject> out = new ArrayList<>();
        try (InventoryReader r = InventoryReader.open(manifest)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void readsCurrentObjectsAcrossFilesDecodingKeys() {
        Path m = new InventoryFixture(dir, "cache")
                .object("nix/nix-cache-info", 21, "STANDARD")
                .object("nix/log/build%20log+2", 100, "STANDARD_IA")
                .row("cache", "nix/old.narinfo", "v0", "false", "false", "5", "2024-01-01T00:00:00.000Z", "e", "STANDARD")
                .nextFile()
                .row("cache", "nix/gone.narinfo", "v2", "true", "true", "", "", "", "")
                .object("nix/a%2Bb%22q", 7, "GLACIER_IR")
                .write();
        List<InventoryObject> objects = readAll(m);
        assertThat(objects).extracting(InventoryObject::key)
                .containsExactly("nix/nix-cache-info", "nix/log/build log 2", "nix/a+b\"q");
        assertThat(objects.getFirst()).isEqualTo(new InventoryObject("cache", "nix/nix-cache-info", 21,
                Instant.parse("2025-05-01T12:00:00Z"), "STANDARD"));
        assertThat(objects).extracting(InventoryObject::storageClass).containsExactly("STANDARD", "STANDARD_IA", "GLACIER_IR");
    }

    @Test
    void theManifestNamesItsColumnsAndFiles() {
        Path m = new InventoryFixture(dir, "cache").schema("Bucket, Key, Size").row("cache", "k", "1").write();
        InventoryManifest manifest = InventoryManifest.read(m);
        assertThat(manifest.sourceBucket()).isEqualTo("cache");
        assertThat(manifest.columns()).containsExactly("Bucket", "Key", "Size");
        assertThat(manifest.files()).singleElement().satisfies(f -> assertThat(f.key()).endsWith("/data/part-0.csv.gz"));
        // a minimal schema: no date, no class
        assertThat(readAll(m)).containsExactly(new InventoryObject("cache", "k", 1, null, null));
    }

    @Test
    void aChangedDataFileFailsItsChecksum() throws Exception {
        Path m = new InventoryFixture(dir, "cache").object("nix/x.narinfo", 1, "STANDARD").write();
        Path data = dir.resolve("cache/tierpack-inventory/data/part-0.csv.gz");
        byte[] b = Files.readAllBytes(data);
        b[b.length - 5] ^= 1; // inside the gzip trailer's CRC: the CSV still reads, the MD5 does not match
        Files.write(data, b);
        assertThatThrownBy(() -> readAll(m)).isInstanceOfAny(IntegrityException.class, FormatException.class)
                .hasMessageContaining("part-0.csv.gz");
        Files.write(data, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> readAll(m)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("size differs from the manifest").hasMessageContaining("part-0.csv.gz");
    }

    @Test
    void theMd5IsChecked() throws Exception {
        Path m = new InventoryFixture(dir, "cache").object("nix/x.narinfo", 1, "STANDARD").write();
        String json = Files.readString(m);
        String md5 = json.replaceAll("(?s).*\"MD5checksum\": \"([0-9a-f]{32})\".*", "$1");
        Files.writeString(m, json.replace(md5, "0".repeat(32)));
        assertThatThrownBy(() -> readAll(m)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("MD5 differs").hasMessageContaining("expected=" + "0".repeat(32))
                .hasMessageContaining("actual=" + md5);
    }

    @Test
    void badReportsAreRejectedNamingFileAndLine() throws Exception {
        assertThatThrownBy(() -> readAll(new InventoryFixture(dir.resolve("a"), "cache").format("ORC").object("k", 1, "STANDARD").write()))
                .isInstanceOf(FormatException.class).hasMessageContaining("only CSV").hasMessageContaining("ORC");
        assertThatThrownBy(() -> readAll(new InventoryFixture(dir.resolve("b"), "cache").schema("Bucket, Key").row("cache", "k").write()))
                .isInstanceOf(FormatException.class).hasMessageContaining("required column").hasMessageContaining("Size");
        assertThatThrownBy(() -> readAll(new InventoryFixture(dir.resolve("c"), "cache")
                .object("nix/a", 1, "STANDARD").row("cache", "nix/b", "v1").write()))
                .isInstanceOf(FormatException.class).hasMessageContaining("does not match the schema").hasMessageContaining("line=2");
        assertThatThrownBy(() -> readAll(new InventoryFixture(dir.resolve("d"), "cache")
                .row("cache", "nix/a", "v1", "true", "false", "12x", "", "", "STANDARD").write()))
                .isInstanceOf(FormatException.class).hasMessageContaining("size is not a number").hasMessageContaining("12x");
        assertThatThrownBy(() -> readAll(new InventoryFixture(dir.resolve("e"), "cache")
                .row("other", "nix/a", "v1", "true", "false", "1", "", "", "STANDARD").write()))
                .isInstanceOf(FormatException.class).hasMessageContaining("another bucket").hasMessageContaining("bucket=other");
        assertThatThrownBy(() -> readAll(new InventoryFixture(dir.resolve("f"), "cache")
                .line("\"cache\",\"nix/a,\"v1\",\"true\",\"false\",\"1\",\"\",\"\",\"STANDARD\"").write()))
                .isInstanceOf(FormatException.class).hasMessageContaining("line=1");
        assertThatThrownBy(() -> readAll(new InventoryFixture(dir.resolve("g"), "cache")
                .row("cache", "nix/a%ZZ", "v1", "true", "false", "1", "", "", "STANDARD").write()))
                .isInstanceOf(FormatException.class).hasMessageContaining("not URL-encoded");
    }

    @Test
    void missingManifestOrDataFilesAreConfigErrors() throws Exception {
        assertThatThrownBy(() -> InventoryManifest.read(dir.resolve("nope.json"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("inventory manifest not found");
        Path m = new InventoryFixture(dir, "cache").object("nix/x", 1, "STANDARD").write();
        Files.delete(dir.resolve("cache/tierpack-inventory/data/part-0.csv.gz"));
        assertThatThrownBy(() -> readAll(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not found next to the manifest").hasMessageContaining("part-0.csv.gz");
        Files.writeString(m, "[]");
        assertThatThrownBy(() -> InventoryManifest.read(m)).isInstanceOf(FormatException.class)
                .hasMessageContaining("not a JSON object");
    }
}
