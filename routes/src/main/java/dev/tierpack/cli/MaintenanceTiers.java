package dev.tierpack.cli;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.RuntimeMapping;
import dev.tierpack.campaign.runtime.CampaignTiers;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.index.ChunkIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The tiers the maintenance commands ({@code packer verify|inspect|reindex|gc-orphans}, {@code retire plan}) work on:
 * a campaign's tiers and state dir from its file ({@code --config}, through {@link RuntimeMapping}); else the tiers
 * of {@code --warm URI --cold URI} ({@link TierUriOptions}, shared with the read-back commands) with the local state
 * of {@code --state-dir}; by default the embedded tiers of the state dir ({@link LocalTiers}).
 */
final class MaintenanceTiers {
    @Mixin StateDirOption state;
    @Mixin TierUriOptions uris;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the campaign file: its tiers (credentials from its credentials files) and state dir; not " +
                    "allowed with --state-dir, --warm or --cold")
    Path config;

    private RuntimeSettings settings;

    /** The tiers, the chunk index and the state dir; closes them all. */
    record Opened(Tier warm, Tier cold, ChunkIndex chunkIndex, Path stateDir, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    /**
     * The settings of the campaign file, or null without one. Refuses the options the file replaces.
     *
     * @param spec the command's spec (for its parse result)
     * @param more further options of the command the campaign file replaces
     */
    RuntimeSettings settings(CommandSpec spec, String... more) {
        if (config == null) {
            return null;
        }
        if (settings == null) {
            List<String> rejected = new ArrayList<>(List.of("--state-dir", "--warm", "--cold"));
            rejected.addAll(List.of(more));
            ConfigOptions.rejectWithConfig(spec, rejected.toArray(String[]::new));
            settings = RuntimeMapping.settings(CampaignConfig.load(config));
        }
        return settings;
    }

    /** The local state directory: the campaign's, else {@code --state-dir}. */
    Path stateDir(CommandSpec spec) {
        RuntimeSettings s = settings(spec);
        return s == null ? state.stateDir : s.stateDir();
    }

    Opened open(CommandSpec spec) {
        RuntimeSettings s = settings(spec);
        if (s == null && uris.embeddedDefaults()) {
            LocalTiers t = LocalTiers.start(state.stateDir);
            return new Opened(t.warm(), t.cold(), t.chunkIndex(), state.stateDir, t);
        }
        CampaignTiers tiers = s != null ? CampaignTiers.open(s)
                : CampaignTiers.open(choice("warm", uris.warm, null),
                        choice("cold", uris.cold == null ? "embedded:" + LocalTiers.COLD_BUCKET : uris.cold, "DEEP_ARCHIVE"),
                        state.stateDir);
        Path stateDir = s != null ? s.stateDir() : state.stateDir;
        ChunkIndex index;
        try {
            index = ChunkIndex.open(stateDir.resolve("chunk-index"));
        } catch (RuntimeException e) {
            try {
                tiers.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new Opened(tiers.warm(), tiers.cold(), index, stateDir, () -> {
            try (CampaignTiers t = tiers; ChunkIndex i = index) {
                // closes in reverse order
            }
        });
    }

    /** A tier URI as a campaign's tier choice: embedded buckets of the state dir, others by their spec. */
    private static RuntimeSettings.TierChoice choice(String name, String uri, String embeddedStorageClass) {
        if (uri.startsWith("embedded:")) {
            return new RuntimeSettings.TierChoice.Embedded(name, uri.substring("embedded:".length()), embeddedStorageClass);
        }
        return new RuntimeSettings.TierChoice.Spec(TierUris.spec(name, uri));
    }
}
