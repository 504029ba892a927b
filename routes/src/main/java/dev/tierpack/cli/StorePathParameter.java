package dev.tierpack.cli;

import picocli.CommandLine.Parameters;

/** The one store path a read-back command ({@code nar}, {@code explain}) is about. */
final class StorePathParameter {
    @Parameters(arity = "1", paramLabel = "STORE_PATH_OR_HASH",
            description = "/nix/store/<hash>-<name>, <hash>-<name> or <hash>")
    String storePath;
}
