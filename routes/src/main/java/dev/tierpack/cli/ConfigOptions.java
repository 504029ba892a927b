package dev.tierpack.cli;

import dev.tierpack.core.error.ConfigException;
import picocli.CommandLine.Model.CommandSpec;

/** Checks shared by the commands that take a campaign file ({@code --config}). */
final class ConfigOptions {
    private ConfigOptions() {}

    /** Options the campaign file replaces must not be given with it: one source of truth per setting. */
    static void rejectWithConfig(CommandSpec spec, String... options) {
        var parsed = spec.commandLine().getParseResult();
        for (String o : options) {
            if (parsed.hasMatchedOption(o)) {
                throw new ConfigException("option not allowed with --config: the campaign file sets it", "option", o);
            }
        }
    }
}
