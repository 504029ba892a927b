package dev.tierpack.cli;

import picocli.CommandLine.Mixin;

/**
 * Where migrated data is read back from (serve, restore, nar, explain, manifests reindex): the tiers of
 * {@code --warm}/{@code --cold} (without {@code --cold}, none: cold data answers that it needs a restore) and the local
 * chunk index and catalog under {@code --state-dir}; the rule is {@link TierSelection}'s, {@link CommandTiers} opens them.
 */
final class ReadBackOptions {
    @Mixin StateDirOption state;

    @Mixin TierUriOptions tiers;

    /** The tiers and state dir this invocation means. */
    TierSelection selection() {
        return TierSelection.of(tiers, state.stateDir, TierSelection.NoCold.NONE);
    }

    /** The tiers, the chunk index and the catalog; the caller closes them. */
    CommandTiers open() {
        return CommandTiers.open(selection(), CommandTiers.Local.CHUNK_INDEX, CommandTiers.Local.CATALOG);
    }
}
