package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.campaign.runtime.RuntimeSettings.TierChoice;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogStoreException;
import dev.tierpack.packer.index.ChunkIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Which tiers an invocation means ({@link TierSelection}: campaign file over {@code --warm/--cold} over the state
 * dir's embedded tiers, and the usage errors) and how {@link CommandTiers} opens and closes them, on the embedded S3
 * server of a temporary state dir.
 */
class CommandTiersTest {
    @TempDir Path tmp;

    /** A maintenance command's tier options, as picocli parses them. */
    @Command(name = "maintenance")
    static final class Maintenance {
        @picocli.CommandLine.Spec CommandSpec spec;
        @Mixin MaintenanceTiers tiers;
        @Option(names = "--source") String source;
    }

    /** A read-back command's tier options. */
    @Command(name = "read-back")
    static final class ReadBackCmd {
        @Mixin ReadBackOptions options;
    }

    static TierSelection readBack(String... args) {
        ReadBackCmd r = new ReadBackCmd();
        new CommandLine(r).parseArgs(args);
        return r.options.selection();
    }

    static Maintenance parse(String... args) {
        Maintenance m = new Maintenance();
        new CommandLine(m).parseArgs(args);
        return m;
    }

    TierSelection select(String... args) {
        Maintenance m = parse(args);
        return m.tiers.selection(m.spec);
    }

    @Test
    void withoutOptionsTheStateDirsEmbeddedTiers() {
        Path state = tmp.resolve("state");
        TierSelection maintenance = select("--state-dir", state.toString());
        assertThat(maintenance).isEqualTo(new TierSelection(TierChoice.Embedded.WARM, TierChoice.Embedded.COLD, state));
        assertThat(maintenance.chunkIndexHome()).isEqualTo(state.resolve("chunk-index"));
        assertThat(maintenance.catalogHome()).isEqualTo(state.resolve("catalog"));

        assertThat(readBack("--state-dir", state.toString())).isEqualTo(new TierSelection(TierChoice.Embedded.WARM, null, state));
        assertThat(readBack("--state-dir", state.toString(), "--cold", "embedded:c").cold())
                .isEqualTo(new TierChoice.Embedded("cold", "c", "DEEP_ARCHIVE"));
    }

    @Test
    void tierUrisReplaceTheEmbeddedDefaults() throws Exception {
        Path creds = Files.writeString(tmp.resolve("minio.properties"), "accessKey=a\nsecretKey=b\n");
        TierSelection s = select("--warm", "minio://minio.example:9000/hot?credentials-file=" + creds,
                "--cold", "s3://archive/packs?region=eu-west-1&credentials=env", "--state-dir", tmp.toString());
        assertThat(((TierChoice.Spec) s.warm()).spec()).isEqualTo(new TierSpec.Minio("warm", "minio.example:9000", "hot", creds, false));
        TierSpec.S3 cold = (TierSpec.S3) ((TierChoice.Spec) s.cold()).spec();
        assertThat(cold.bucket()).isEqualTo("archive");
        assertThat(cold.prefix()).isEqualTo("packs/");
        assertThat(s.stateDir()).isEqualTo(tmp);

        // an embedded cold bucket by name keeps the cold storage class; --warm alone keeps the embedded cold default
        assertThat(select("--cold", "embedded:other").cold()).isEqualTo(new TierChoice.Embedded("cold", "other", "DEEP_ARCHIVE"));
        assertThat(select("--warm", "embedded:hot").cold()).isEqualTo(TierChoice.Embedded.COLD);
    }

    @Test
    void theCampaignFileWinsAndRefusesTheOptionsItSets() throws Exception {
        Path creds = Files.writeString(tmp.resolve("minio.properties"), "accessKey=a\nsecretKey=b\n");
        Path config = Files.writeString(tmp.resolve("c.yaml"), String.join("\n",
                "name: chosen",
                "source: file:///srv/cache",
                "stateDir: campaign-state",
                "kafka: { bootstrap: \"k:9092\" }",
                "tiers:",
                "  warm: { type: minio, endpoint: \"minio:9000\", bucket: hot, tls: false, credentialsFile: " + creds + " }",
                "  cold: { type: embedded, bucket: frozen, storageClass: GLACIER }",
                "budget: { monthlyCapUsd: 10 }",
                ""));
        TierSelection s = select("--config", config.toString());
        assertThat(s.stateDir()).isEqualTo(tmp.resolve("campaign-state"));
        assertThat(((TierChoice.Spec) s.warm()).spec()).isEqualTo(new TierSpec.Minio("warm", "minio:9000", "hot", creds, false));
        assertThat(s.cold()).isEqualTo(new TierChoice.Embedded("cold", "frozen", "GLACIER"));

        for (String option : new String[] {"--state-dir", "--warm", "--cold"}) {
            assertThatThrownBy(() -> select("--config", config.toString(), option, "x"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("option not allowed with --config: the campaign file sets it: option=" + option);
        }
        // a command's own options the file replaces are refused the same way, before the file is read
        Maintenance m = parse("--config", tmp.resolve("missing.yaml").toString(), "--source", "file:///x");
        assertThatThrownBy(() -> m.tiers.settings(m.spec, "--source")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("option=--source");
    }

    @Test
    void missingColdAndBadUrisAreUsageErrorsNamingWhatIsWrong() {
        TierSelection noCold = readBack();
        assertThatThrownBy(() -> noCold.requireCold("--restore-on-miss")).isInstanceOf(ConfigException.class)
                .hasMessage("--restore-on-miss needs the cold tier: give --cold URI");
        TierSelection withCold = select();
        assertThat(withCold.requireCold("restoring")).isSameAs(withCold);
        assertThat(withCold.warmOnly().cold()).isNull();

        assertThatThrownBy(() -> select("--cold", "ftp://x/y")).isInstanceOf(ConfigException.class)
                .hasMessage("unsupported tier URI; expected embedded:BUCKET, s3://bucket/prefix or minio://host:port/bucket:"
                        + " tier=cold uri=ftp://x/y");
    }

    @Test
    void opensBothTiersOnOneEmbeddedServerWithTheLocalStateAndClosesAll() throws Exception {
        Path state = tmp.resolve("state");
        // a read-back command given both tiers as embedded buckets: one server for both (two would fight over its lock)
        TierSelection selection = readBack("--state-dir", state.toString(), "--warm", "embedded:hot-w",
                "--cold", "embedded:cold-c");
        try (CommandTiers t = CommandTiers.open(selection, CommandTiers.Local.CHUNK_INDEX, CommandTiers.Local.CATALOG)) {
            put(t.warm(), "probe/warm");
            put(t.cold(), "probe/cold");
            assertThat(t.warm().stat("probe/warm")).isPresent();
            assertThat(t.warm().stat("probe/cold")).isEmpty();
            assertThat(t.cold().stat("probe/cold")).isPresent();
            assertThat(t.chunkIndex().directory()).startsWith(state.resolve("chunk-index"));
            assertThat(t.catalog().directory()).startsWith(state.resolve("catalog"));
            assertThat(t.readBack().lookup("00000000000000000000000000000000")).isEmpty();
        }
        assertReleased(state);

        try (CommandTiers warmOnly = CommandTiers.open(selection.warmOnly())) {
            assertThat(warmOnly.cold()).isNull();
            assertThat(warmOnly.warm().stat("probe/warm")).isPresent();
            assertThatThrownBy(warmOnly::chunkIndex).hasMessageContaining("without the chunk index");
        }
        assertReleased(state);
    }

    @Test
    void whenOpeningFailsHalfWayWhatWasOpenedIsClosed() throws Exception {
        Path state = tmp.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("catalog"), "not a directory");
        assertThatThrownBy(() -> CommandTiers.open(select("--state-dir", state.toString()), CommandTiers.Local.CHUNK_INDEX,
                CommandTiers.Local.CATALOG)).isInstanceOf(CatalogStoreException.class).hasMessageContaining("catalog");
        assertReleased(state);
    }

    private static void put(Tier tier, String key) throws Exception {
        try (Upload up = tier.upload(key)) {
            up.stream().write(new byte[] {1, 2, 3});
            up.commit();
        }
    }

    /** The embedded server and the chunk index of {@code state} are closed: they open again. */
    private static void assertReleased(Path state) {
        try (EmbeddedS3 s3 = EmbeddedS3.start(state.resolve("s3"), 0); ChunkIndex i = ChunkIndex.open(state.resolve("chunk-index"))) {
            assertThat(s3.endpoint()).isNotNull();
            assertThat(i.directory()).exists();
        }
        if (Files.isDirectory(state.resolve("catalog"))) {
            Catalog.open(state.resolve("catalog")).close();
        }
    }
}
