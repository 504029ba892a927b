package dev.tierpack.core.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.audit.AuditReport;
import dev.tierpack.core.audit.Problem;
import dev.tierpack.core.audit.SourceAudit;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.nix.SignatureVerifier;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.core.source.LocalDirSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheGeneratorTest {
    static final SecretKey KEY = SecretKey.generate("gen-test-1");
    static final GeneratorSpec SPEC = new GeneratorSpec(7, 12, 4, Set.of(3), 0.5, 0.3, KEY.name());

    @TempDir static Path dir;
    static GeneratedCache cache;

    @BeforeAll
    static void generate() throws IOException {
        cache = new CacheGenerator(SPEC, KEY).generate(new DirectorySink(dir.resolve("a")));
    }

    @Test
    void everyStorePathIsSignedAndItsNarVerifies() throws IOException {
        List<Problem> problems = new ArrayList<>();
        AuditReport report;
        try (LocalDirSource source = new LocalDirSource(dir.resolve("a"))) {
            report = new SourceAudit(source, new SourceAudit.Options(new SignatureVerifier(List.of(KEY.publicKey())),
                    true, 2, dir.resolve("work")), problems::add).run();
        }
        assertThat(problems).isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.narinfos()).isEqualTo(cache.storePaths());
        assertThat(report.signaturesValid()).isEqualTo(cache.storePaths());
        assertThat(report.storePathsVerified()).isEqualTo(cache.storePaths());
        assertThat(report.narBytes()).isEqualTo(cache.narBytes());
    }

    @Test
    void sameSpecAndKeyGiveByteIdenticalCaches() throws IOException {
        new CacheGenerator(SPEC, KEY).generate(new DirectorySink(dir.resolve("b")));
        assertThat(tree(dir.resolve("b"))).isEqualTo(tree(dir.resolve("a")));
    }

    @Test
    void generatingOnSeveralThreadsGivesTheSameCache() throws IOException {
        GeneratedCache parallel = new CacheGenerator(SPEC, KEY).generate(new DirectorySink(dir.resolve("p")), 3);
        assertThat(tree(dir.resolve("p"))).isEqualTo(tree(dir.resolve("a")));
        assertThat(parallel.storePaths()).isEqualTo(cache.storePaths());
        assertThat(parallel.narBytes()).isEqualTo(cache.narBytes());
        assertThat(parallel.narXzBytes()).isEqualTo(cache.narXzBytes());
        assertThat(parallel.bumps()).isEqualTo(cache.bumps());
    }

    @Test
    void channelBumpsAreClosedUnderReferencesAndMassRebuildsReplaceEveryBuiltPath() throws IOException {
        Map<String, NarInfo> infos = narinfos();
        assertThat(cache.bumps()).hasSize(SPEC.bumps());
        for (List<String> bump : cache.bumps()) {
            for (String path : bump) {
                NarInfo info = infos.get(StorePath.parse(path).hashPart());
                assertThat(info).as("narinfo of %s", path).isNotNull();
                info.references().forEach(r -> assertThat(bump).as("closure of bump contains %s", r).contains(r.toString()));
            }
        }
        // bump 3 is a mass rebuild: no built (non fixed-output) path of bump 2 survives into bump 3
        List<String> builtBefore = cache.bumps().get(1).stream()
                .filter(p -> infos.get(StorePath.parse(p).hashPart()).ca().isEmpty()).toList();
        assertThat(builtBefore).isNotEmpty().doesNotContainAnyElementsOf(cache.bumps().get(2));
        // ...while fixed-output paths (source tarballs) are not rebuilt
        assertThat(infos.values()).anySatisfy(i -> assertThat(i.ca()).hasValueSatisfying(ca -> assertThat(ca).startsWith("fixed:")));
    }

    @Test
    void consecutiveVersionsShareMostFileContentAndReferencesChangeOnlyTheirBytes() {
        PackageUniverse.FileTemplate t = new PackageUniverse.FileTemplate("lib/x.so", true, ContentSynth.Kind.BINARY,
                500_000, 99, true, true);
        byte[] v1 = FileRenderer.render(t, 1, "/nix/store/a", "/nix/store/s");
        byte[] v2 = FileRenderer.render(t, 2, "/nix/store/a", "/nix/store/s");
        byte[] rebuilt = FileRenderer.render(t, 1, "/nix/store/b", "/nix/store/s");
        assertThat(FileRenderer.render(t, 2, "/nix/store/a", "/nix/store/s")).isEqualTo(v2);
        // content-defined sample of 32-byte windows: a release edits a few regions (or none), most windows survive
        double minShare = 1.0;
        for (int v = 2; v <= 8; v++) {
            Set<String> before = windows(FileRenderer.render(t, v - 1, "/nix/store/a", "/nix/store/s"));
            Set<String> shared = new java.util.HashSet<>(windows(FileRenderer.render(t, v, "/nix/store/a", "/nix/store/s")));
            shared.retainAll(before);
            minShare = Math.min(minShare, (double) shared.size() / before.size());
        }
        assertThat(minShare).isGreaterThan(0.8).isLessThan(1.0);
        // a rebuild against other inputs changes only the embedded reference bytes, in place
        assertThat(rebuilt).hasSameSizeAs(v1);
        int differing = 0;
        for (int i = 0; i < v1.length; i++) {
            differing += v1[i] != rebuilt[i] ? 1 : 0;
        }
        assertThat(differing).isPositive().isLessThan(v1.length / 1000);
    }

    private static Set<String> windows(byte[] b) {
        Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i + 32 <= b.length; i++) {
            if ((b[i] & 0x3f) == 0x15) {
                out.add(java.util.HexFormat.of().formatHex(b, i, i + 32));
            }
        }
        return out;
    }

    private static Map<String, NarInfo> narinfos() throws IOException {
        Map<String, NarInfo> out = new HashMap<>();
        try (Stream<Path> s = Files.list(dir.resolve("a"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".narinfo")).toList()) {
                NarInfo info = NarInfo.parse(Files.readString(p), p.getFileName().toString());
                out.put(info.storePath().hashPart(), info);
            }
        }
        return out;
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
