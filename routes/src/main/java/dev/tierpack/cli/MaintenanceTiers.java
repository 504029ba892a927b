package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.RuntimeSettings;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The tier options of the maintenance commands ({@code packer verify|inspect|reindex|gc-orphans}, {@code retire plan}):
 * a campaign file ({@code --config}), {@code --warm URI --cold URI} ({@link TierUriOptions}, shared with the read-back
 * commands) and {@code --state-dir}; which tiers they mean is {@link TierSelection}'s rule (without {@code --cold},
 * the state dir's embedded cold bucket), and {@link CommandTiers} opens them.
 */
final class MaintenanceTiers {
    @Mixin StateDirOption state;
    @Mixin TierUriOptions uris;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the campaign file: its tiers (credentials from its credentials files) and state dir; not " +
                    "allowed with --state-dir, --warm or --cold")
    Path config;

    private RuntimeSettings settings;

    /**
     * The settings of the campaign file, or null without one. Refuses the options the file replaces
     * ({@link TierSelection#campaignFile}).
     *
     * @param spec the command's spec (for its parse result)
     * @param more further options of the command the campaign file replaces
     */
    RuntimeSettings settings(CommandSpec spec, String... more) {
        if (settings == null) {
            settings = TierSelection.campaignFile(spec, config, more);
        }
        return settings;
    }

    /** The tiers and state dir this invocation means. */
    TierSelection selection(CommandSpec spec) {
        return TierSelection.of(settings(spec), uris, state.stateDir, TierSelection.NoCold.EMBEDDED);
    }

    /** The tiers and the chunk index; the caller closes them. */
    CommandTiers open(CommandSpec spec) {
        return CommandTiers.open(selection(spec), CommandTiers.Local.CHUNK_INDEX);
    }
}
