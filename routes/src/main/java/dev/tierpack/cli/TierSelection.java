package dev.tierpack.cli;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.RuntimeMapping;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.campaign.runtime.RuntimeSettings.TierChoice;
import dev.tierpack.campaign.runtime.StateDir;
import dev.tierpack.core.error.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which tiers a command invocation means, and where its local state lives; {@link CommandTiers} opens them. The
 * rules, by precedence:
 * <ol>
 * <li>a campaign file ({@code --config F}): its tiers and state dir; {@code --state-dir}, {@code --warm} and
 *     {@code --cold} (and the command's own options the file replaces) are then refused;
 * <li>{@code --warm URI} / {@code --cold URI} ({@link TierUris} forms) with the local state of {@code --state-dir};
 * <li>by default, the embedded tiers of the state dir ({@link LocalTiers}): the warm default is {@code --warm}'s
 *     default value; without {@code --cold}, the command's {@link NoCold} rule.
 * </ol>
 *
 * @param cold the cold tier, or null when the command has none ({@link NoCold#NONE} and no {@code --cold})
 */
record TierSelection(TierChoice warm, TierChoice cold, Path stateDir) {
    /** Options a campaign file replaces, for every command that takes one. */
    private static final List<String> SET_BY_CAMPAIGN_FILE = List.of("--state-dir", "--warm", "--cold");

    /** What a command means when {@code --cold} is not given. */
    enum NoCold {
        /** the state dir's embedded cold bucket (the maintenance commands: packer, retire plan) */
        EMBEDDED,
        /** no cold tier: cold data answers that it needs a restore (the read-back commands) */
        NONE
    }

    TierSelection {
        Objects.requireNonNull(warm, "warm");
        Objects.requireNonNull(stateDir, "stateDir");
    }

    /** A campaign's tiers and state dir. */
    static TierSelection of(RuntimeSettings campaign) {
        return new TierSelection(campaign.warm(), campaign.cold(), campaign.stateDir());
    }

    /** The tiers of {@code --warm} and {@code --cold} (each defaulting as {@code noCold} and {@link TierUriOptions} say). */
    static TierSelection of(TierUriOptions uris, Path stateDir, NoCold noCold) {
        TierChoice warm = TierUris.choice("warm", uris.warm, null);
        TierChoice cold = uris.cold != null ? TierUris.choice("cold", uris.cold, TierChoice.Embedded.COLD.storageClass())
                : noCold == NoCold.EMBEDDED ? TierChoice.Embedded.COLD : null;
        return new TierSelection(warm, cold, stateDir);
    }

    /** The campaign file's tiers and state dir when there is one ({@code campaign} not null), else {@link #of(TierUriOptions, Path, NoCold)}. */
    static TierSelection of(RuntimeSettings campaign, TierUriOptions uris, Path stateDir, NoCold noCold) {
        return campaign != null ? of(campaign) : of(uris, stateDir, noCold);
    }

    /**
     * The settings of the campaign file {@code config}, or null without one. Refuses the options it replaces:
     * {@code --state-dir}, {@code --warm}, {@code --cold} and {@code more}.
     *
     * @param spec the command's spec (for its parse result)
     */
    static RuntimeSettings campaignFile(CommandSpec spec, Path config, String... more) {
        if (config == null) {
            return null;
        }
        List<String> rejected = new ArrayList<>(SET_BY_CAMPAIGN_FILE);
        rejected.addAll(List.of(more));
        ConfigOptions.rejectWithConfig(spec, rejected.toArray(String[]::new));
        return RuntimeMapping.settings(CampaignConfig.load(config));
    }

    /** This selection, with its cold tier; else a usage error: {@code what} needs the cold tier. */
    TierSelection requireCold(String what) {
        if (cold == null) {
            throw new ConfigException(what + " needs the cold tier: give --cold URI");
        }
        return this;
    }

    /** The warm tier alone (for commands that read nothing else, e.g. {@code manifests reindex}). */
    TierSelection warmOnly() {
        return new TierSelection(warm, null, stateDir);
    }

    /** The local chunk index: {@code STATE_DIR/chunk-index}. */
    Path chunkIndexHome() {
        return new StateDir(stateDir).chunkIndex();
    }

    /** The local catalog: {@code STATE_DIR/catalog}. */
    Path catalogHome() {
        return new StateDir(stateDir).catalog();
    }
}
