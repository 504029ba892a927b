package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.campaign.CampaignTestbed;
import dev.tierpack.campaign.runtime.RuntimeSettings.TierChoice;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.publish.ManifestPublisher;
import dev.tierpack.manifests.publish.MigrationSession;
import dev.tierpack.packer.session.PackerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retire plan} on a state directory holding 20 of the 25 corpus store paths: the plan lists exactly the
 * narinfo, NAR and listing of every migrated store path, nothing else, and deletes nothing; damage on the tiers
 * means no plan at all.
 */
class RetireCommandTest {
    @TempDir Path tmp;
    Path state;
    Path source;
    List<NarInfo> migrated = new ArrayList<>();

    @BeforeEach
    void migrate() throws Exception {
        state = tmp.resolve("state");
        source = tmp.resolve("cache");
        CampaignTestbed.copyTree(Corpus.cache(), source);
        List<Path> infos = Corpus.narinfos().subList(0, 20);
        try (CommandTiers t = CommandTiers.open(new TierSelection(TierChoice.Embedded.WARM, TierChoice.Embedded.COLD, state),
                        CommandTiers.Local.CHUNK_INDEX);
                Catalog catalog = Catalog.open(state.resolve("catalog"));
                BinaryCacheSource src = new LocalDirSource(source);
                MigrationSession session = new MigrationSession(t.warm(), t.chunkIndex(), catalog,
                        PackerConfig.defaults(tmp.resolve("work")), ManifestPublisher.defaultPackConfig())) {
            for (Path p : infos) {
                NarInfo info = NarInfo.parse(Files.readString(p), p.getFileName().toString());
                session.ingest(info, p.getFileName().toString(), src);
                migrated.add(info);
            }
            session.flush();
        }
    }

    @Test
    void thePlanListsExactlyTheObjectsOfMigratedVerifiedStorePaths() throws Exception {
        TreeSet<String> before = tree(source);
        Path plan = tmp.resolve("plan.csv");
        Path json = tmp.resolve("plan.json");
        CliRun r = CliRun.run("retire", "plan", "--state-dir", state.toString(), "--source", source.toUri().toString(),
                "--output", plan.toString(), "--report-json", json.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("OK: no damage found", "nothing was deleted");

        TreeSet<String> expected = new TreeSet<>();
        for (NarInfo info : migrated) {
            String hash = info.storePath().hashPart();
            expected.add(source.resolve(hash + ".narinfo").toAbsolutePath().toString());
            expected.add(source.resolve(info.url()).toAbsolutePath().toString());
            if (Files.exists(source.resolve(hash + ".ls"))) {
                expected.add(source.resolve(hash + ".ls").toAbsolutePath().toString());
            }
        }
        assertThat(new TreeSet<>(Files.readAllLines(plan))).isEqualTo(expected);
        assertThat(tree(source)).as("the source is untouched").isEqualTo(before);

        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("retiredObjects").asLong()).isEqualTo(expected.size());
        assertThat(j.get("storePaths").asLong()).isEqualTo(20);
        assertThat(j.get("verifiedPaths").asLong()).isEqualTo(20);
        assertThat(j.get("kept").get("not-migrated").asLong()).as("the 5 paths not migrated keep narinfo + NAR (+ .ls)")
                .isGreaterThanOrEqualTo(10);
        assertThat(j.get("kept").get("not-a-store-path-object").asLong()).as("nix-cache-info, public key...").isPositive();
        assertThat(j.get("monthlySavingsUsd").decimalValue()).isPositive();
    }

    @Test
    void damageOnTheTiersMeansNoPlan() throws Exception {
        Path pack;
        try (Stream<Path> s = Files.walk(state.resolve("s3"))) {
            pack = s.filter(p -> p.toString().contains(LocalTiers.WARM_BUCKET) && p.toString().endsWith(".pack"))
                    .sorted().findFirst().orElseThrow();
        }
        Files.delete(pack);
        Path plan = tmp.resolve("plan.csv");
        CliRun r = CliRun.run("retire", "plan", "--state-dir", state.toString(), "--source", source.toUri().toString(),
                "--output", plan.toString());
        assertThat(r.status()).isEqualTo(ExitCode.PROBLEMS);
        assertThat(r.out()).contains("BAD missing-pack", "affected store paths", "no retirement plan");
        assertThat(plan).doesNotExist();
    }

    private static TreeSet<String> tree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            TreeSet<String> out = new TreeSet<>();
            s.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p) + ":" + p.toFile().length()));
            return out;
        }
    }

}
