package dev.tierpack.manifests.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir Path tmp;

    static final SplittableRandom RANDOM = new SplittableRandom(7);

    static PackId pack(long millis) {
        return PackId.generate(millis, RANDOM);
    }

    static CatalogEntry entry(String hash, String name, long narSize, TierCode tier, PackId pack, NixHash fileHash) {
        NixHash narHash = NixHash.hash(HashAlgorithm.SHA256, (hash + narSize).getBytes(StandardCharsets.UTF_8));
        NarInfo.Builder b = NarInfo.builder(new StorePath(hash, name), "nar/" + hash + ".nar.xz", narHash, narSize)
                .compression("xz");
        if (fileHash != null) {
            b.fileHash(fileHash).fileSize(narSize / 2);
        }
        NarInfo info = b.build();
        ChunkId manifest = new ChunkHasher().hash(info.toText().getBytes(StandardCharsets.UTF_8));
        return new CatalogEntry(hash, tier, manifest, pack, narSize, info.fileHash(), info.toText());
    }

    static NixHash fileHash(String seed) {
        return NixHash.hash(HashAlgorithm.SHA256, seed.getBytes(StandardCharsets.UTF_8));
    }

    static final String A = "0123456789abcdfghijklmnpqrsvwxyz";
    static final String B = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
    static final String C = "00000000000000000000000000000000";

    @Test
    void publishedEntriesAreFoundByHashPartAndFileHashAndSurviveReopening() {
        PackId p1 = pack(1_000);
        CatalogEntry a = entry(A, "hello-1.0", 1000, TierCode.WARM, p1, fileHash("a"));
        CatalogEntry b = entry(B, "world-2.0", 500, TierCode.COLD, p1, null);
        try (Catalog c = Catalog.open(tmp)) {
            CatalogPublishResult r = c.publish(List.of(a, b));
            assertThat(r).isEqualTo(new CatalogPublishResult(2, 0, 0));
            assertThat(c.find(A)).contains(a);
            assertThat(c.find(C)).isEmpty();
            assertThat(c.find("not-a-hash")).isEmpty();
            assertThat(c.findByFileHash(fileHash("a"))).contains(a);
            assertThat(c.findByFileHash(fileHash("b"))).isEmpty();
            assertThat(c.stats()).isEqualTo(new CatalogStats(2, 1, 1, 1500, 1));
        }
        try (Catalog c = Catalog.open(tmp)) {
            assertThat(c.find(B)).contains(b);
            assertThat(c.find(B).orElseThrow().narInfo().storePath().name()).isEqualTo("world-2.0");
            assertThat(c.stats()).isEqualTo(new CatalogStats(2, 1, 1, 1500, 1));
            List<String> order = new ArrayList<>();
            c.forEach(e -> order.add(e.hashPart()));
            assertThat(order).containsExactly(A, B);
        }
    }

    @Test
    void theEntryFromTheLatestPackWinsWhateverThePublishOrder() {
        PackId older = pack(1_000);
        PackId newer = pack(2_000);
        CatalogEntry old = entry(A, "hello-1.0", 1000, TierCode.COLD, older, fileHash("old"));
        CatalogEntry fresh = entry(A, "hello-1.0", 1000, TierCode.WARM, newer, fileHash("new"));
        try (Catalog c = Catalog.open(tmp.resolve("forward"))) {
            c.publish(List.of(old));
            assertThat(c.publish(List.of(fresh))).isEqualTo(new CatalogPublishResult(0, 1, 0));
            assertThat(c.find(A)).contains(fresh);
            assertThat(c.findByFileHash(fileHash("old"))).isEmpty();
            assertThat(c.findByFileHash(fileHash("new"))).contains(fresh);
            assertThat(c.stats()).isEqualTo(new CatalogStats(1, 1, 0, 1000, 2));
        }
        try (Catalog c = Catalog.open(tmp.resolve("backward"))) {
            c.publish(List.of(fresh));
            assertThat(c.publish(List.of(old))).isEqualTo(new CatalogPublishResult(0, 0, 1));
            assertThat(c.publish(List.of(fresh))).isEqualTo(new CatalogPublishResult(0, 0, 1));
            assertThat(c.find(A)).contains(fresh);
            assertThat(c.findByFileHash(fileHash("old"))).isEmpty();
            assertThat(c.stats()).isEqualTo(new CatalogStats(1, 1, 0, 1000, 3));
        }
    }

    @Test
    void duplicatesInOneBatchCountOnce() {
        PackId p = pack(1_000);
        try (Catalog c = Catalog.open(tmp)) {
            CatalogPublishResult r = c.publish(List.of(entry(A, "x-1", 10, TierCode.WARM, p, null),
                    entry(A, "x-1", 10, TierCode.WARM, p, null)));
            assertThat(r.added()).isEqualTo(1);
            assertThat(c.stats().storePaths()).isEqualTo(1);
            assertThat(c.stats().narBytes()).isEqualTo(10);
        }
    }

    @Test
    void aCatalogIsUsedByOneOwnerAtATime() {
        try (Catalog c = Catalog.open(tmp)) {
            assertThatThrownBy(() -> Catalog.open(tmp)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("catalog is in use").hasMessageContaining(tmp.toString());
            c.close();
            assertThatThrownBy(() -> c.find(A)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("catalog is closed");
        }
    }

    @Test
    void valuesOfAnotherVersionAreRejectedWithTheirKey() {
        CatalogEntry a = entry(A, "hello-1.0", 1000, TierCode.WARM, pack(5), fileHash("a"));
        byte[] v = a.encode();
        assertThat(CatalogEntry.decode(a.key(), v)).isEqualTo(a);
        v[0] = 9;
        assertThatThrownBy(() -> CatalogEntry.decode(a.key(), v)).isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("catalog entry").hasMessageContaining("hashPart=" + A).hasMessageContaining("version=9");
        byte[] cut = java.util.Arrays.copyOf(a.encode(), CatalogEntry.HEAD + 3);
        assertThatThrownBy(() -> CatalogEntry.decode(a.key(), cut)).hasMessageContaining("catalog value length mismatch")
                .hasMessageContaining("hashPart=" + A);
        assertThat(a.fileHash()).isEqualTo(Optional.of(fileHash("a")));
    }
}
