package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.core.testing.NixCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end on embedded services, then the packer commands on what it wrote: verify clean, inspect,
 * reindex, a second demo run that resumes, {@code serve} to the real Nix client ({@code nix copy} of the newest
 * channel bump, signatures checked, {@code nix-store --verify-path}), and verify naming a damaged and a missing pack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCommandTest {
    @TempDir static Path state;
    static CliRun first;

    @BeforeAll
    static void demo() {
        first = CliRun.run("demo", "--state-dir", state.toString(), "--packages", "10", "--bumps", "3");
    }

    @Test
    @Order(1)
    void demoRunsEndToEnd() throws IOException {
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("generating a sample binary cache", "no problems found", "store paths published",
                "OK: no damage found", "Next steps:");
        assertThat(Files.readAllLines(state.resolve("channels/bump3.txt"))).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("/nix/store/"));
        assertThat(Files.readString(state.resolve("keys/demo.public"))).startsWith("demo.tierpack.dev-1:");
        assertThat(Files.getPosixFilePermissions(state.resolve("keys/demo.secret")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    @Order(2)
    void verifyFullIsCleanAndInspectShowsThePack() throws IOException {
        CliRun verify = CliRun.run("packer", "verify", "--full", "--state-dir", state.toString(),
                "--report-json", state.resolve("verify.json").toString());
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("verify FULL", "OK: no damage found");
        assertThat(Files.readString(state.resolve("verify.json"))).contains("\"findings\" : [ ]");

        String packId = packIds().getFirst();
        CliRun inspect = CliRun.run("packer", "inspect", "--state-dir", state.toString(), packId);
        assertThat(inspect.status()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains(packId, "segment");
    }

    @Test
    @Order(3)
    void reindexRebuildsTheChunkIndexFromTheTier() {
        CliRun r = CliRun.run("packer", "reindex", "--state-dir", state.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Matcher m = Pattern.compile("from (\\d+) index objects: (\\d+) packs, ([\\d,]+) chunks").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Long.parseLong(m.group(2))).isEqualTo(packIds().size());
        assertThat(Long.parseLong(m.group(3).replace(",", ""))).isPositive();
    }

    @Test
    @Order(4)
    void aSecondRunReusesTheStateAndStoresNothingTwice() {
        CliRun second = CliRun.run("demo", "--state-dir", state.toString(), "--packages", "10", "--bumps", "3");
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).contains("already holds the sample cache", "0 new chunks", "0 pack(s) sealed");
    }

    @Test
    @Order(5)
    void nixCopiesTheNewestChannelBumpFromServeAfterTheDemo() throws Exception {
        assertThat(first.out()).containsPattern("(\\d+) store paths in the catalog; \\1 reassembled to their NarHash");
        assertThat(NixCli.ensureInstalled()).as("nix (Debian package nix-bin)").isNull();
        List<String> bump = Files.readAllLines(state.resolve("channels/bump3.txt")).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        String key = Files.readString(state.resolve("keys/demo.public")).strip();
        try (ServingCli serve = ServingCli.start("--state-dir", state.toString())) {
            NixCli nix = NixCli.at(Files.createDirectories(state.resolve("nix-client")));
            NixCli.Result copy = nix.copy(serve.uri, key, bump);
            assertThat(copy.status()).as("nix copy: %s", copy.output()).isZero();
            assertThat(nix.storeEntries()).containsAll(NixCli.baseNames(bump));
            NixCli.Result verify = nix.verifyAll();
            assertThat(verify.status()).as("nix-store --verify-path: %s", verify.output()).isZero();
        }
    }

    @Test
    @Order(6)
    void verifyNamesADamagedPackAndItsChunksAndExitsWith1() throws IOException {
        List<Path> packs = packFiles();
        Path victim = packs.getFirst();
        byte[] b = Files.readAllBytes(victim);
        b[200] ^= 0x10; // inside the first segment
        Files.write(victim, b);
        Path json = state.resolve("verify-bad.json");
        CliRun r = CliRun.run("packer", "verify", "--full", "--state-dir", state.toString(),
                "--report-json", json.toString());
        assertThat(r.status()).isEqualTo(ExitCode.PROBLEMS);
        assertThat(r.out()).contains("BAD corrupt-pack", victim.getFileName().toString(), "chunks:", "PROBLEMS found")
                .containsPattern("affected store paths \\(\\d+\\):\\n  /nix/store/");
        JsonNode affected = new ObjectMapper().readTree(json.toFile()).get("affectedStorePaths");
        assertThat(affected).isNotEmpty();
        assertThat(affected.get(0).get("packs").toString()).contains(victim.getFileName().toString());
        CliRun indexOnly = CliRun.run("packer", "verify", "--state-dir", state.toString());
        assertThat(indexOnly.status()).as("index-level checks do not read packs").isZero();

        Files.delete(victim);
        CliRun missing = CliRun.run("packer", "verify", "--state-dir", state.toString());
        assertThat(missing.status()).isEqualTo(ExitCode.PROBLEMS);
        assertThat(missing.out()).contains("BAD missing-pack", victim.getFileName().toString());
    }

    private static List<Path> packFiles() throws IOException {
        try (Stream<Path> s = Files.walk(state.resolve("s3"))) {
            return s.filter(p -> p.toString().contains(LocalTiers.WARM_BUCKET) && p.toString().endsWith(".pack")).sorted().toList();
        }
    }

    private static List<String> packIds() {
        try {
            return packFiles().stream().map(p -> p.getFileName().toString().replace(".pack", "")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
