package dev.tierpack.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}: where embedded services and local state live. */
final class StateDirOption {
    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "var/demo",
            description = "State directory for embedded services and local databases (default: ${DEFAULT-VALUE}).")
    Path stateDir;
}
